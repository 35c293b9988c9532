import { lazy } from 'react';

/**
 * The deposit dialog opens only once files are dropped: it stays out of the start-up bundle and is
 * fetched right after the first paint (the feature module's prefetch), so it is there by the first drop.
 */
export const loadDepositDialog = () => import('./DepositDialog.js');

export const LazyDepositDialog = lazy(() => loadDepositDialog().then((m) => ({ default: m.DepositDialog })));
