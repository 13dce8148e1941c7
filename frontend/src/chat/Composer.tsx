/** The question box: Enter sends, Shift+Enter adds a line; Send turns into Stop while answering. */

import { SendIcon, StopIcon } from "../ui/icons";
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from "react";

interface Props {
  busy: boolean;
  onSend: (question: string) => void;
  onStop: () => void;
}

export interface ComposerHandle {
  focus: () => void;
}

const MAX_LENGTH = 2000;

export const Composer = forwardRef<ComposerHandle, Props>(function Composer({ busy, onSend, onStop }, ref) {
  const [text, setText] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => input.current?.focus() }), []);

  const send = () => {
    if (busy || !text.trim()) return;
    onSend(text);
    setText("");
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="question" className="sr-only">
        Ask a question
      </label>
      <textarea
        id="question"
        ref={input}
        rows={1}
        maxLength={MAX_LENGTH}
        value={text}
        placeholder="Ask about orders, customers, stock, revenue or documents…"
        aria-describedby="composer-hint"
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <span id="composer-hint" className="sr-only">
        Enter sends; Shift+Enter starts a new line.
      </span>
      {busy ? (
        <button type="button" className="btn btn-stop" onClick={onStop}>
          <StopIcon /> Stop
        </button>
      ) : (
        <button type="submit" className="btn btn-primary" disabled={!text.trim()}>
          <SendIcon /> Send
        </button>
      )}
    </form>
  );
});
