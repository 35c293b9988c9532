import { Icon } from '../icons.js';

/** The viewer's toolbar icons, drawn as SVG: a font may lack ⎙ or ⌕, a workstation then shows an empty box. */

export function ThumbnailsIcon() {
  return (
    <Icon>
      <rect x="3" y="3" width="7" height="8" rx="1" />
      <rect x="3" y="14" width="7" height="7" rx="1" />
      <path d="M14 5h7M14 9h5M14 16h7M14 20h5" />
    </Icon>
  );
}

export function SearchIcon() {
  return (
    <Icon>
      <circle cx="10.5" cy="10.5" r="6.5" />
      <path d="M15.5 15.5 21 21" />
    </Icon>
  );
}

export function PrintIcon() {
  return (
    <Icon>
      <path d="M7 8V3h10v5" />
      <rect x="3" y="8" width="18" height="9" rx="2" />
      <rect x="7" y="14" width="10" height="7" />
    </Icon>
  );
}

export function RotateLeftIcon() {
  return (
    <Icon>
      <path d="M4 4v5h5" />
      <path d="M4.6 14a8 8 0 1 0 1.9-8.2L4 9" />
    </Icon>
  );
}

export function RotateRightIcon() {
  return (
    <Icon>
      <path d="M20 4v5h-5" />
      <path d="M19.4 14a8 8 0 1 1-1.9-8.2L20 9" />
    </Icon>
  );
}
