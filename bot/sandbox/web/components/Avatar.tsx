/** Slack-like default avatar colours; a user keeps the same one across renders. */
const PALETTE = ['#E8912D', '#2BAC76', '#1D9BD1', '#E01E5A', '#9B5BA5', '#4A8AB5', '#CD5C3B', '#3AA3A3'];

function colourFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? '#616061';
}

function initials(name: string): string {
  const words = name.split(/[\s._-]+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2);
  return letters.toUpperCase();
}

export function Avatar({ id, name, isBot }: { id: string; name: string; isBot: boolean }) {
  return (
    <div
      className={isBot ? 'avatar avatar-bot' : 'avatar'}
      style={isBot ? undefined : { backgroundColor: colourFor(id) }}
      aria-hidden
    >
      {isBot ? name.slice(0, 3) : initials(name)}
    </div>
  );
}
