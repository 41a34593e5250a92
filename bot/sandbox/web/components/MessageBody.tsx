import { type MouseEvent, useRef, useState } from 'react';
import { type Block, Message } from 'slack-blocks-to-jsx';
import type { MessageView } from '../../emulator/types.js';
import { api, errorText } from '../api.js';
import { type ActionElement, findActionElement } from '../../emulator/find-action-element.js';
import { authorName, useDirectory } from '../directory.js';
import { Mrkdwn } from './Mrkdwn.js';

const BUTTON_SELECTOR = 'button.slack_blocks_to_jsx__button_element';
const CONFIRM_DIALOG_SELECTOR = '.slack_blocks_to_jsx__confirm_dialog';
/** Long enough to see that the click registered. */
const CLICK_FEEDBACK_MS = 600;

interface PendingClick {
  element: ActionElement;
  button: HTMLButtonElement;
}

/**
 * Renders blocks with slack-blocks-to-jsx. Its buttons have no click hook, so clicks are caught here,
 * matched to the block element by action_id, and sent to the sandbox as a block action.
 */
function BlocksBody({ message }: { message: MessageView }) {
  const directory = useDirectory();
  const [actionError, setActionError] = useState<string>();
  // A button with a confirm object first opens the library's dialog; the action goes out on its confirm button.
  const awaitingConfirm = useRef<PendingClick | undefined>(undefined);

  const sendAction = ({ element, button }: PendingClick) => {
    button.disabled = true;
    setActionError(undefined);
    api
      .clickAction({
        channel: message.channel,
        message_ts: message.ts,
        action_id: element.action_id,
        value: element.value,
        user: directory.currentUserId,
      })
      .catch((error: unknown) => setActionError(errorText(error)))
      .finally(() => setTimeout(() => (button.disabled = false), CLICK_FEEDBACK_MS));
  };

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const dialog = target.closest(CONFIRM_DIALOG_SELECTOR);
    if (dialog) {
      // The dialog's last button confirms; any dialog opens only after a click that set awaitingConfirm.
      const confirmButton = Array.from(dialog.querySelectorAll('button')).at(-1);
      if (awaitingConfirm.current && confirmButton && target.closest('button') === confirmButton) {
        sendAction(awaitingConfirm.current);
      }
      return;
    }
    const button = target.closest<HTMLButtonElement>(BUTTON_SELECTOR);
    const element = button && findActionElement(message.blocks, button.id)?.element;
    if (!button || !element) return;
    if (element.confirm) awaitingConfirm.current = { element, button };
    else sendAction({ element, button });
  };

  return (
    <div className="message-blocks" onClick={onClick}>
      <Message
        blocks={message.blocks as Block[]}
        logo=""
        name={authorName(message, directory)}
        withoutWrapper
        theme="light"
        data={directory.mentionData}
      />
      {actionError && <div className="inline-error">{actionError}</div>}
    </div>
  );
}

export function MessageBody({ message }: { message: MessageView }) {
  return message.blocks.length > 0 ? <BlocksBody message={message} /> : <Mrkdwn text={message.text} />;
}
