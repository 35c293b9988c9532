import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { clampScale, nextZoom, previousZoom, rotateBy, type Rotation } from './viewerGeometry.js';

type ImageZoom = { mode: 'fit' } | { mode: 'fixed'; scale: number };

/**
 * An image (an ID360 document photo) in the viewer's frame: fitted to the pane, zoom and quarter turns.
 * The toolbar is the viewer's: this part receives the commands and draws the image.
 */
export function useImageControls() {
  const [zoom, setZoom] = useState<ImageZoom>({ mode: 'fit' });
  const [rotation, setRotation] = useState<Rotation>(0);
  return { zoom, setZoom, rotation, setRotation };
}

export function ImageView({
  url,
  title,
  zoom,
  rotation,
  onScale,
  onFailed,
  t,
}: {
  url: string;
  title: string;
  zoom: ImageZoom;
  rotation: Rotation;
  onScale(scale: number): void;
  onFailed(): void;
  t: TFunction;
}) {
  const areaRef = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [area, setArea] = useState({ width: 0, height: 0 });

  useEffect(() => {
    const el = areaRef.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setArea({ width: entry?.contentRect.width ?? 0, height: entry?.contentRect.height ?? 0 }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const turned = rotation % 180 !== 0;
  const shownW = natural ? (turned ? natural.height : natural.width) : 0;
  const shownH = natural ? (turned ? natural.width : natural.height) : 0;
  // Fitted to the pane both ways, a small photo enlarged too (within the zoom's limits).
  const fit = natural && area.width > 48 && area.height > 48 ? clampScale(Math.min((area.width - 48) / shownW, (area.height - 48) / shownH)) : 1;
  const scale = zoom.mode === 'fit' ? fit : zoom.scale;

  useEffect(() => onScale(scale), [scale, onScale]);

  const boxW = Math.round(shownW * scale);
  const boxH = Math.round(shownH * scale);
  return (
    <div className="pdf-viewer__image-area" ref={areaRef}>
      <div className="pdf-viewer__image-box" style={{ width: boxW || undefined, height: boxH || undefined }}>
        <img
          src={url}
          alt={t('viewer.imageAlt', { title })}
          data-testid="viewer-image"
          data-rotation={rotation}
          className="pdf-viewer__image"
          onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          onError={onFailed}
          style={
            natural
              ? {
                  width: Math.round(natural.width * scale),
                  height: Math.round(natural.height * scale),
                  transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
                }
              : undefined
          }
        />
      </div>
    </div>
  );
}

export function imageZoomIn(scale: number): ImageZoom {
  return { mode: 'fixed', scale: clampScale(nextZoom(scale)) };
}
export function imageZoomOut(scale: number): ImageZoom {
  return { mode: 'fixed', scale: clampScale(previousZoom(scale)) };
}
export { rotateBy };
export type { ImageZoom };
