import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api/client';
import { absoluteTime, relativeTime } from './format';

export function ErrorBanner({ error, context }: { error: ApiError | null; context?: string }) {
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert">
      <strong>{context ?? 'The API answered with an error'}:</strong> {error.message}{' '}
      <span class="muted">
        ({error.status ? `${error.status} ` : ''}
        {error.code}
        {error.requestId ? (
          <>
            , request id <code class="request-id">{error.requestId}</code>
          </>
        ) : null}
        )
      </span>
    </div>
  );
}

export function Notice({
  children,
  tone = 'info',
}: {
  children: ComponentChildren;
  tone?: 'info' | 'success';
}) {
  return (
    <div class={`banner banner-${tone}`} role="status">
      {children}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      <div class="empty-next">{children}</div>
    </div>
  );
}

const TONES: Record<string, string> = {
  ACTIVE: 'good',
  ENABLED: 'good',
  DELIVERED: 'good',
  ANSWERED: 'good',
  INVALID: 'bad',
  ERROR: 'bad',
  DEAD: 'bad',
  DISABLED: 'neutral',
  DISCARDED: 'neutral',
  EXPIRED: 'neutral',
  NEEDS_CONFIG: 'warn',
  PARKED: 'warn',
  PENDING: 'warn',
  PROCESSING: 'info',
  RECEIVED: 'info',
  QUEUED: 'info',
  queued: 'good',
  dispatched: 'good',
  failed: 'bad',
};

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${TONES[status] ?? 'neutral'}`}>{status}</span>;
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  return (
    <time dateTime={iso} title={absoluteTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    window.setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <button type="button" class="button button-small" onClick={copy} aria-label={label}>
      {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
    </button>
  );
}

export function PageHeader({
  title,
  children,
  loading,
}: {
  title: string;
  children?: ComponentChildren;
  loading?: boolean;
}) {
  return (
    <div class="page-header">
      <h1 id="page-title">
        {title}
        {loading ? (
          <span class="loading" aria-live="polite">
            {' '}
            loading…
          </span>
        ) : null}
      </h1>
      <div class="page-actions">{children}</div>
    </div>
  );
}

/**
 * A secret the API shows exactly once (an API key, a worker token, a placeholder, a delivery
 * secret): shown here with a copy button until dismissed, and nowhere else, ever again.
 */
export function SecretOnce({
  title,
  secrets,
  onDismiss,
  children,
}: {
  title: string;
  secrets: Array<{ label: string; value: string }>;
  onDismiss: () => void;
  children?: ComponentChildren;
}) {
  return (
    <div class="panel secret-once" role="status" data-testid="secret-once">
      <div class="panel-header">
        <h2>{title}</h2>
      </div>
      <p class="secret-warning">
        <strong>Copy it now: you will not see this again.</strong> plugboard stores it encrypted (or only its
        hash) and never shows it after this page.
      </p>
      <dl class="details secret-values">
        {secrets.map((secret) => (
          <div key={secret.label}>
            <dt>{secret.label}</dt>
            <dd>
              <code class="mono break" data-secret={secret.label}>
                {secret.value}
              </code>{' '}
              <CopyButton text={secret.value} label={`Copy ${secret.label}`} />
            </dd>
          </div>
        ))}
      </dl>
      {children}
      <button type="button" class="button" onClick={onDismiss}>
        I have stored it
      </button>
    </div>
  );
}

/** One labelled form control (the label names it for screen readers and tests). */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: ComponentChildren;
}) {
  // the hint stays outside the label, so the control's accessible name is the label alone
  return (
    <div class="field">
      <label class="field">
        <span class="field-label">{label}</span>
        {children}
      </label>
      {hint ? <span class="hint">{hint}</span> : null}
    </div>
  );
}

/** The value of an input, select or textarea from its event. */
export function valueOf(event: Event): string {
  return (event.target as HTMLInputElement).value;
}
