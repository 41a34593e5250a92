import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** How close to the end still counts as "reading the latest". */
const BOTTOM_SLACK_PX = 40;

/** A scrolling list that follows new content while the reader is at the bottom, and stays put otherwise. */
export function ScrollToLatest({ className, children }: { className: string; children: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const box = container.current;
    if (box && atBottom.current) box.scrollTop = box.scrollHeight;
  });

  return (
    <div
      ref={container}
      className={className}
      onScroll={(event) => {
        const box = event.currentTarget;
        atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < BOTTOM_SLACK_PX;
      }}
    >
      {children}
    </div>
  );
}
