import type { ReactNode } from 'react';
import { channelName, type Directory, useDirectory, userName } from '../directory.js';

// One alternative per inline construct; the look-arounds follow Slack, which only formats at word boundaries.
const INLINE =
  /`([^`\n]+)`|<([^<>\s][^<>]*)>|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])|(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g;
const CODE_BLOCK = /```\n?([\s\S]*?)```/g;

/** Slack escapes these three in message text. */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A `<…>` token: user, channel and special mentions, dates, links. */
function renderAngle(token: string, directory: Directory, key: string): ReactNode {
  const [target = '', label] = token.split('|', 2);
  if (target.startsWith('@')) {
    return <span key={key} className="mention">@{label ?? userName(directory, target.slice(1))}</span>;
  }
  if (target.startsWith('#')) {
    return <span key={key} className="mention">#{label ?? channelName(directory, target.slice(1))}</span>;
  }
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0];
    if (special === 'here' || special === 'channel' || special === 'everyone') {
      return <span key={key} className="mention">@{special}</span>;
    }
    return <span key={key}>{label ?? target}</span>;
  }
  return (
    <a key={key} href={target} target="_blank" rel="noreferrer">
      {label ?? target}
    </a>
  );
}

function renderInline(text: string, directory: Directory, keyPrefix: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(decodeEntities(text.slice(last, index)));
    const key = `${keyPrefix}.${index}`;
    const [, code, angle, bold, italic, strike] = match;
    if (code !== undefined) nodes.push(<code key={key}>{decodeEntities(code)}</code>);
    else if (angle !== undefined) nodes.push(renderAngle(angle, directory, key));
    else if (bold !== undefined) nodes.push(<strong key={key}>{renderInline(bold, directory, key)}</strong>);
    else if (italic !== undefined) nodes.push(<em key={key}>{renderInline(italic, directory, key)}</em>);
    else if (strike !== undefined) nodes.push(<s key={key}>{renderInline(strike, directory, key)}</s>);
    last = index + match[0].length;
  }
  if (last < text.length) nodes.push(decodeEntities(text.slice(last)));
  return nodes;
}

/** Splits prose into runs of ordinary lines and runs of "> " quoted lines. */
function renderProse(text: string, directory: Directory, keyPrefix: string): ReactNode[] {
  const runs: { quote: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const quoted = /^(&gt;|>) ?/.exec(line);
    const body = quoted ? line.slice(quoted[0].length) : line;
    const run = runs.at(-1);
    if (run && run.quote === Boolean(quoted)) run.lines.push(body);
    else runs.push({ quote: Boolean(quoted), lines: [body] });
  }
  return runs.map((run, i) => {
    const key = `${keyPrefix}.${i}`;
    const content = renderInline(run.lines.join('\n'), directory, key);
    return run.quote ? <blockquote key={key}>{content}</blockquote> : <span key={key}>{content}</span>;
  });
}

/** Slack's mrkdwn for messages without blocks: bold, italic, strike, code, quotes, mentions, links. */
export function Mrkdwn({ text }: { text: string }) {
  const directory = useDirectory();
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_BLOCK)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push(...renderProse(text.slice(last, index), directory, `p${index}`));
    nodes.push(<pre key={`c${index}`}>{decodeEntities(match[1] ?? '')}</pre>);
    last = index + match[0].length;
  }
  // The line break right after a closing fence belongs to the fence, not to the prose.
  const rest = last > 0 ? text.slice(last).replace(/^\n/, '') : text;
  if (rest) nodes.push(...renderProse(rest, directory, `p${last}`));
  return <div className="mrkdwn">{nodes}</div>;
}
