import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from '@/lib/api.ts';
import { useMe } from '@/lib/me.ts';
import { deleteDraft, getDraft, saveDraft } from './ticket.ts';

/** `offline`: kept in this browser, sent when the connection returns. `error`: the server refused it (e.g. too long). */
export type DraftStatus = 'idle' | 'saving' | 'saved' | 'offline' | 'error';

const SAVE_EVERY_MS = 30_000;

interface LocalCopy {
  body: string;
  /** When it was typed (ISO); compared with the server draft's `updatedAt` on restore. */
  updatedAt: string;
}

const localKey = (slug: string, userId: string, key: string) => `grip-draft:${slug}:${userId}:${key}`;

function readLocal(storageKey: string): LocalCopy | null {
  try {
    const raw = localStorage.getItem(storageKey);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<LocalCopy>;
    return typeof parsed.body === 'string' && typeof parsed.updatedAt === 'string' ? { body: parsed.body, updatedAt: parsed.updatedAt } : null;
  } catch {
    return null;
  }
}

function writeLocal(storageKey: string, body: string): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify({ body, updatedAt: new Date().toISOString() } satisfies LocalCopy));
  } catch {
    // Storage full or blocked: the server copy is still saved when it can be.
  }
}

function removeLocal(storageKey: string): void {
  try {
    localStorage.removeItem(storageKey);
  } catch {
    // Nothing to clean up when storage is blocked.
  }
}

const isOffline = (error: unknown) => !navigator.onLine || (isApiError(error) && error.isTransient);

export interface UseDraftOptions {
  /** The text when there is no draft, e.g. the ticket's current description. */
  initialValue?: string;
}

/**
 * A text that saves itself as the user's draft under `key`: to the server every 30 seconds while changed and on
 * `flush()` (call it on blur), and to this browser on every change, so nothing typed offline or before a crash is
 * lost. On mount the newer of the server draft and the local copy comes back. `clear()` once the text was used.
 * A new key is a new draft: give the component using it a React `key`.
 */
export function useDraft(slug: string, key: string, { initialValue = '' }: UseDraftOptions = {}) {
  const userId = useMe().data?.user.id ?? 'anonymous';
  const storageKey = localKey(slug, userId, key);

  const [value, setValueState] = useState(initialValue);
  const [status, setStatus] = useState<DraftStatus>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** False until the server draft was looked up (or could not be). */
  const [ready, setReady] = useState(false);
  /** A draft was found and put back on mount. */
  const [restored, setRestored] = useState(false);

  const valueRef = useRef(initialValue);
  /** What the server holds: the text is dirty when it differs. */
  const serverValueRef = useRef(initialValue);
  /** Server calls run one after another, so a late save can never resurrect a cleared draft. */
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());
  const typedBeforeReadyRef = useRef(false);
  const clearedRef = useRef(false);

  const enqueue = useCallback(<T,>(task: () => Promise<T>): Promise<T> => {
    const next = queueRef.current.then(task, task);
    queueRef.current = next.catch(() => undefined);
    return next;
  }, []);

  const save = useCallback((): Promise<void> => {
    return enqueue(async () => {
      const body = valueRef.current;
      if (body === serverValueRef.current || clearedRef.current) return;
      if (!navigator.onLine) {
        setStatus('offline');
        return;
      }
      setStatus('saving');
      try {
        const draft = await saveDraft(slug, key, body);
        serverValueRef.current = body;
        setSavedAt(new Date(draft.updatedAt));
        setError(null);
        setStatus('saved');
        // The local copy was only a safety net; keep it if more was typed meanwhile.
        if (valueRef.current === body) removeLocal(storageKey);
      } catch (err) {
        if (isOffline(err)) {
          setStatus('offline');
        } else {
          setError(isApiError(err) ? err.message : 'The draft could not be saved.');
          setStatus('error');
        }
      }
    });
  }, [enqueue, slug, key, storageKey]);

  // Restore: the newer of the server draft and the local copy.
  useEffect(() => {
    const controller = new AbortController();
    const local = readLocal(storageKey);
    const takeLocalCopy = () => {
      if (!local || typedBeforeReadyRef.current) return false;
      valueRef.current = local.body;
      setValueState(local.body);
      setRestored(local.body !== '' && local.body !== initialValue);
      return true;
    };
    getDraft(slug, key, controller.signal)
      .then((draft) => {
        if (draft) serverValueRef.current = draft.body;
        const localIsNewer = local && (!draft || new Date(local.updatedAt).getTime() > new Date(draft.updatedAt).getTime());
        if (localIsNewer) {
          // Typed offline (or the tab closed before the save): send it now.
          if (takeLocalCopy() && local.body !== serverValueRef.current) void save();
          else if (draft) setSavedAt(new Date(draft.updatedAt));
        } else if (draft) {
          removeLocal(storageKey);
          setSavedAt(new Date(draft.updatedAt));
          setStatus('saved');
          if (!typedBeforeReadyRef.current) {
            valueRef.current = draft.body;
            setValueState(draft.body);
            setRestored(draft.body !== '' && draft.body !== initialValue);
          }
        }
        setReady(true);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        // No server: what this browser kept is the best there is.
        if (takeLocalCopy()) setStatus(isOffline(err) ? 'offline' : 'idle');
        setReady(true);
      });
    return () => controller.abort();
    // initialValue is read once, as the starting text; a new key remounts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug, key, storageKey, save]);

  // Every 30 seconds while dirty; and as soon as the connection returns.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (valueRef.current !== serverValueRef.current) void save();
    }, SAVE_EVERY_MS);
    const onOnline = () => {
      if (valueRef.current !== serverValueRef.current) void save();
    };
    const onOffline = () => {
      if (valueRef.current !== serverValueRef.current) setStatus('offline');
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      // Leaving the page: one last try (the local copy covers a failure).
      if (valueRef.current !== serverValueRef.current) void save();
    };
  }, [save]);

  const setValue = useCallback(
    (next: string) => {
      valueRef.current = next;
      clearedRef.current = false;
      typedBeforeReadyRef.current = true;
      setValueState(next);
      if (next === serverValueRef.current) {
        removeLocal(storageKey);
        return;
      }
      writeLocal(storageKey, next);
      if (!navigator.onLine) setStatus('offline');
    },
    [storageKey],
  );

  /** Saves now when changed: on blur, before leaving. */
  const flush = save;

  /** The text was used (message sent, ticket created, description saved): forget the draft everywhere. */
  const clear = useCallback(
    (next = '') => {
      clearedRef.current = true;
      valueRef.current = next;
      serverValueRef.current = next;
      setValueState(next);
      setStatus('idle');
      setSavedAt(null);
      setRestored(false);
      setError(null);
      removeLocal(storageKey);
      return enqueue(() => deleteDraft(slug, key)).catch(() => {
        // The server still has the old text (offline?). A newer empty local copy outvotes it on the next restore,
        // which then empties the server draft too.
        writeLocal(storageKey, next);
      });
    },
    [enqueue, slug, key, storageKey],
  );

  return { value, setValue, status, savedAt, error, ready, restored, flush, clear };
}

export type Draft = ReturnType<typeof useDraft>;
