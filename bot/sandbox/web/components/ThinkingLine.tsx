import { useDirectory } from '../directory.js';

/** The bot's assistant status for a thread, shown the way Slack shows "cia is thinking…". */
export function ThinkingLine({ status }: { status: string }) {
  const { info } = useDirectory();
  return (
    <div className="thinking" data-testid="thinking">
      <span className="thinking-dots" aria-hidden>
        <span />
        <span />
        <span />
      </span>
      <strong>{info.bot.name}</strong> <em>{status}</em>
    </div>
  );
}
