/** A table that may be wider than its box: it scrolls sideways with its first column kept in view, and a
 * shadow on each side that has more, so a cut-off column is never silent (desktop, phone, source panel). */

import { useEffect, useRef, useState, type ReactNode } from "react";

export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      element.removeEventListener("scroll", update);
      observer.disconnect();
    };
  }, []);

  return (
    <div className={`table-frame${more.left ? " more-left" : ""}${more.right ? " more-right" : ""}`}
      data-scrolls={more.left || more.right ? "yes" : "no"}>
      <div ref={box} className="table-scroll" tabIndex={0} role="region" aria-label={label}>
        {children}
      </div>
    </div>
  );
}
