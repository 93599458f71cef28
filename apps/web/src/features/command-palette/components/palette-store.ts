import { createSpotlight, type SpotlightStore } from '@mantine/spotlight';

/** The palette's own Spotlight store (not Mantine's global one), so nothing else can open or steer it by accident. */
export const [paletteStore, palette] = createSpotlight();

/**
 * Marks the first action selected when nothing is (or the selected one is gone). Spotlight selects the first
 * action as the query changes, but server results arrive later: without this, Enter would do nothing.
 */
export function selectFirstIfNone(store: SpotlightStore): void {
  const { listId } = store.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list || list.querySelector('[data-selected]')) return;
  const first = list.querySelector('[data-action]');
  if (!first) return;
  first.setAttribute('data-selected', 'true');
  store.updateState((state) => ({ ...state, selected: 0 }));
}
