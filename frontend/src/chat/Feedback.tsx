/** Thumbs up / down on an answer, with an optional comment; stored through the feedback API. */

import { useId, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { errorMessage } from "../api/http";
import { CheckIcon, ThumbDownIcon, ThumbUpIcon } from "../ui/icons";

type Rating = "up" | "down";
type Phase = "idle" | "saving" | "stored" | "error";

export function Feedback({ chatLogId }: { chatLogId: string }) {
  const [rating, setRating] = useState<Rating | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [error, setError] = useState<string | null>(null);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState("");
  const [commentStored, setCommentStored] = useState(false);
  const commentId = useId();

  const save = async (next: Rating, text: string | null) => {
    setPhase("saving");
    setError(null);
    try {
      await api.feedback({ chat_log_id: chatLogId, rating: next, comment: text });
      setPhase("stored");
      return true;
    } catch (e) {
      setPhase("error");
      setError(errorMessage(e));
      return false;
    }
  };

  const rate = async (next: Rating) => {
    setRating(next);
    setCommentStored(false);
    if (await save(next, comment.trim() || null)) setCommenting(next === "down" && !comment);
  };

  const submitComment = async (event: FormEvent) => {
    event.preventDefault();
    if (!rating) return;
    if (await save(rating, comment.trim() || null)) {
      setCommenting(false);
      setCommentStored(Boolean(comment.trim()));
    }
  };

  return (
    <div className="feedback" data-phase={phase}>
      <div className="feedback-row">
        <span className="muted feedback-prompt">Was this helpful?</span>
        <button type="button" className="btn btn-icon thumb" aria-pressed={rating === "up"}
          aria-label="Helpful (thumbs up)" disabled={phase === "saving"} onClick={() => void rate("up")}>
          <ThumbUpIcon />
        </button>
        <button type="button" className="btn btn-icon thumb" aria-pressed={rating === "down"}
          aria-label="Not helpful (thumbs down)" disabled={phase === "saving"} onClick={() => void rate("down")}>
          <ThumbDownIcon />
        </button>
        <span className="feedback-status" role="status" aria-live="polite">
          {phase === "saving" && "Saving…"}
          {phase === "stored" && (
            <>
              <CheckIcon /> {commentStored ? "Thanks — comment stored." : "Thanks — feedback stored."}
            </>
          )}
        </span>
        {phase === "stored" && !commenting && (
          <button type="button" className="btn btn-link" onClick={() => setCommenting(true)}>
            {commentStored ? "Edit comment" : "Add a comment"}
          </button>
        )}
      </div>
      {phase === "error" && error && (
        <p className="feedback-error" role="alert">
          Feedback not stored: {error}
        </p>
      )}
      {commenting && rating && (
        <form className="feedback-form" onSubmit={(e) => void submitComment(e)}>
          <label htmlFor={commentId} className="sr-only">
            Comment on this answer
          </label>
          <textarea id={commentId} rows={2} maxLength={2000} value={comment}
            placeholder={rating === "down" ? "What was wrong or missing? (optional)" : "Anything to add? (optional)"}
            onChange={(e) => setComment(e.target.value)} />
          <div className="feedback-actions">
            <button type="submit" className="btn btn-small btn-primary" disabled={phase === "saving" || !comment.trim()}>
              Send comment
            </button>
            <button type="button" className="btn btn-small" onClick={() => setCommenting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
