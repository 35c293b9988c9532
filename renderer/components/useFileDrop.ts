import { useRef, useState, type DragEvent } from 'react';

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Drop-zone behaviour for any element: highlight while files hover over it (a counter, because
 * dragenter/dragleave also fire for every child crossed), hand the files over on drop.
 */
export function useFileDrop(onFiles: (files: File[]) => void, enabled = true) {
  const depth = useRef(0);
  const [over, setOver] = useState(false);

  const reset = () => {
    depth.current = 0;
    setOver(false);
  };

  return {
    over,
    handlers: {
      onDragEnter(event: DragEvent<HTMLElement>) {
        if (!enabled || !carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      },
      onDragOver(event: DragEvent<HTMLElement>) {
        if (!enabled || !carriesFiles(event)) return;
        // Without preventDefault the browser refuses the drop.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave(event: DragEvent<HTMLElement>) {
        if (!enabled || !carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop(event: DragEvent<HTMLElement>) {
        if (!enabled || !carriesFiles(event)) return;
        event.preventDefault();
        event.stopPropagation();
        reset();
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles(files);
      },
    },
  };
}
