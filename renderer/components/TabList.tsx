import { useRef, type KeyboardEvent } from 'react';

interface TabListProps<T extends string> {
  ids: readonly T[];
  active: T;
  label: string;
  /** Prefix of the tab and panel ids, also of the test ids (prefix-tab-id). */
  prefix: string;
  labelOf(id: T): string;
  onSelect(id: T): void;
  variant?: 'main' | 'sub';
}

export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

/**
 * WAI-ARIA tabs (as in Réglages): one tab stop for the list, arrows/Home/End move and activate,
 * Tab goes on into the panel.
 */
export function TabList<T extends string>({ ids, active, label, prefix, labelOf, onSelect, variant = 'main' }: TabListProps<T>) {
  const refs = useRef<Partial<Record<string, HTMLButtonElement | null>>>({});
  const select = (id: T, focus: boolean) => {
    onSelect(id);
    if (focus) refs.current[id]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = ids.indexOf(active);
    const last = ids.length - 1;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? ids[index === last ? 0 : index + 1]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? ids[index === 0 ? last : index - 1]
          : event.key === 'Home'
            ? ids[0]
            : event.key === 'End'
              ? ids[last]
              : undefined;
    if (target === undefined) return;
    event.preventDefault();
    select(target, true);
  };
  return (
    <div role="tablist" aria-label={label} className={variant === 'sub' ? 'tabs__list tabs__list--sub' : 'tabs__list'} onKeyDown={onKeyDown}>
      {ids.map((id) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={tabId(prefix, id)}
          aria-selected={id === active}
          aria-controls={id === active ? panelId(prefix, id) : undefined}
          tabIndex={id === active ? 0 : -1}
          className={id === active ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
          data-testid={tabId(prefix, id)}
          ref={(el) => {
            refs.current[id] = el;
          }}
          onClick={() => select(id, false)}
        >
          {labelOf(id)}
        </button>
      ))}
    </div>
  );
}
