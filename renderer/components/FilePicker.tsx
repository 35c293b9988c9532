import { useRef, type ButtonHTMLAttributes, type ReactNode, type Ref } from 'react';

interface FilePickerProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'onClick' | 'children'> {
  /** What the visible button says. */
  label: ReactNode;
  accept?: string;
  multiple?: boolean;
  /** The chosen files; never called for an empty choice (a cancelled dialog). */
  onFiles(files: File[]): void;
  testId: string;
  inputTestId: string;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * A button that opens the system's file dialog. The native input stays out of the tab order and of the
 * accessibility tree (the button is the one control), and out of the layout (`visually-hidden`), and it
 * is emptied after each choice so that choosing the same file again is seen.
 */
export function FilePicker({ label, accept, multiple, onFiles, testId, inputTestId, buttonRef, className, ...button }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        {...button}
        ref={buttonRef}
        type="button"
        className={className ?? 'button button--secondary button--small'}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        multiple={multiple}
        accept={accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid={inputTestId}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </>
  );
}
