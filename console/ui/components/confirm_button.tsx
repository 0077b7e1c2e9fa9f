/**
 * A button that asks before doing something destructive: it opens a modal <dialog> with the
 * question and runs `onConfirm` only when the user confirms. Errors from `onConfirm` show in
 * the dialog.
 */
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { ErrorBox } from "./error_box.tsx";

export interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  disabled?: boolean;
  title?: string;
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  const confirm = async () => {
    busy.value = true;
    error.value = null;
    try {
      await props.onConfirm();
      dialog.current?.close();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  };

  return (
    <>
      <button
        type="button"
        class="danger"
        disabled={props.disabled}
        title={props.title}
        onClick={() => {
          error.value = null;
          dialog.current?.showModal();
        }}
      >
        {props.label}
      </button>
      <dialog ref={dialog} class="confirm">
        <p>{props.question}</p>
        <ErrorBox message={error.value} />
        <div class="actions">
          <button type="button" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="button" class="danger" disabled={busy.value} onClick={confirm}>
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
