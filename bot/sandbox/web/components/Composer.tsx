import { type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { errorText } from '../api.js';
import { SendIcon } from './Icons.js';

interface ComposerProps {
  testId: string;
  placeholder: string;
  onSend: (text: string) => Promise<void>;
  /** Why this text cannot be sent from here, shown as a hint instead of sending. */
  refusal?: (text: string) => string | undefined;
  autoFocus?: boolean;
}

/** Slack's message box: Enter sends, Shift+Enter adds a line; the text survives a failed send. */
export function Composer({ testId, placeholder, onSend, refusal, autoFocus = false }: ComposerProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const sending = useRef(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const hint = refusal?.(text);
  const canSend = text.trim() !== '' && !hint;

  // Grow with the text up to the CSS max-height, as Slack's box does.
  useLayoutEffect(() => {
    const box = textarea.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${box.scrollHeight}px`;
  }, [text]);

  const send = async () => {
    textarea.current?.focus();
    if (!canSend || sending.current) return;
    const sent = text;
    sending.current = true;
    setError(undefined);
    try {
      await onSend(sent.trim());
      // Keep anything typed while the request was in flight.
      setText((current) => (current === sent ? '' : current));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      sending.current = false;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  };

  return (
    <div className="composer">
      <div className="composer-box">
        <textarea
          ref={textarea}
          data-testid={testId}
          rows={1}
          value={text}
          placeholder={placeholder}
          autoFocus={autoFocus}
          onChange={(event) => {
            setText(event.target.value);
            setError(undefined);
          }}
          onKeyDown={onKeyDown}
        />
        <div className="composer-toolbar">
          <button
            type="button"
            className={canSend ? 'send-button ready' : 'send-button'}
            title="Send now"
            onClick={() => void send()}
          >
            <SendIcon />
          </button>
        </div>
      </div>
      <div className="composer-footer">
        {hint ? (
          <span className="composer-hint">{hint}</span>
        ) : error ? (
          <span className="composer-error" data-testid="composer-error">
            {error}
          </span>
        ) : (
          <span className="composer-tip">
            <b>Enter</b> to send, <b>Shift + Enter</b> for a new line
          </span>
        )}
      </div>
    </div>
  );
}
