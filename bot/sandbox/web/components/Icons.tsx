/** Inline icons, so the page needs no emoji font or image files. */

export function EyeIcon() {
  return (
    <svg className="icon" viewBox="0 0 20 20" aria-hidden>
      <path
        d="M10 4.5C5.5 4.5 2.3 8 1.5 10c.8 2 4 5.5 8.5 5.5s7.7-3.5 8.5-5.5c-.8-2-4-5.5-8.5-5.5Zm0 9a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7Zm0-5.2a1.7 1.7 0 1 0 0 3.4 1.7 1.7 0 0 0 0-3.4Z"
        fill="currentColor"
      />
    </svg>
  );
}

export function ThreadIcon() {
  return (
    <svg className="icon" viewBox="0 0 20 20" aria-hidden>
      <path
        d="M4 3.5h12A1.5 1.5 0 0 1 17.5 5v8a1.5 1.5 0 0 1-1.5 1.5H9l-4 3v-3H4A1.5 1.5 0 0 1 2.5 13V5A1.5 1.5 0 0 1 4 3.5Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function CloseIcon() {
  return (
    <svg className="icon" viewBox="0 0 20 20" aria-hidden>
      <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function SendIcon() {
  return (
    <svg className="icon" viewBox="0 0 20 20" aria-hidden>
      <path d="M2.5 17.5 18 10 2.5 2.5 4.8 10l-2.3 7.5ZM4.8 10H11" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}
