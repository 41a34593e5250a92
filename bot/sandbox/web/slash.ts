/** "/cia help" → { command: "/cia", text: "help" }; anything not starting with "/" is a plain message. */
export function parseSlashCommand(text: string): { command: string; text: string } | undefined {
  const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match ? { command: match[1] ?? '', text: (match[2] ?? '').trim() } : undefined;
}

/** Slack rejects slash commands in thread replies; the thread composer explains instead of sending. */
export function slashCommandInThreadHint(text: string, channelName: string): string | undefined {
  const slash = parseSlashCommand(text);
  if (!slash) return undefined;
  return `${slash.command} can't be used in threads. Send it from the message box of #${channelName} instead.`;
}
