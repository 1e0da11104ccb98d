import { useState } from 'react';
import type { MeshEventType, Principal, Subscription, SubscriptionScope } from '../api.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useLoad } from '../use-load.ts';

/** What following a product tells: its own failures, promises and contract changes. */
export const PRODUCT_FOLLOW_TYPES: readonly MeshEventType[] = [
  'check.failed',
  'sla.breached',
  'sla.recovered',
  'job.failed',
  'contract.breaking-change',
];
/** Following a domain adds its new products. */
export const DOMAIN_FOLLOW_TYPES: readonly MeshEventType[] = [
  ...PRODUCT_FOLLOW_TYPES,
  'product.created',
];

export function sameScope(a: SubscriptionScope, b: SubscriptionScope): boolean {
  if (a.kind === 'product' && b.kind === 'product') return a.productId === b.productId;
  if (a.kind === 'domain' && b.kind === 'domain') return a.domain === b.domain;
  return a.kind === b.kind;
}

/**
 * "Folgen / Follow" on a product or domain page: the user's own e-mail subscription with
 * that scope. Following is having one; unfollowing deletes every own subscription of the
 * scope (made here or on the notifications page), so the button never says "not
 * following" while mail still comes.
 */
export function FollowButton({ user, scope }: { user: Principal; scope: SubscriptionScope }) {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const key = `follow:${user.username}:${JSON.stringify(scope)}:${version}`;
  const [loaded] = useLoad(key, () => api.subscriptions());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (loaded.state !== 'ready') return null;
  const mine = loaded.data.items.filter(
    (s: Subscription) => s.owner === `user:${user.username}` && sameScope(s.scope, scope),
  );
  const following = mine.length > 0;

  async function toggle(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      if (following) for (const s of mine) await api.deleteSubscription(s.id);
      else
        await api.createSubscription({
          types: scope.kind === 'domain' ? DOMAIN_FOLLOW_TYPES : PRODUCT_FOLLOW_TYPES,
          scope,
          channel: { kind: 'email' },
        });
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="follow">
      <button
        type="button"
        className={following ? 'button small' : 'button small primary'}
        aria-pressed={following}
        data-testid="follow"
        disabled={busy}
        title={
          following
            ? t('unfollow')
            : scope.kind === 'domain'
              ? t('followDomainHint')
              : t('followProductHint')
        }
        onClick={() => void toggle()}
      >
        {following ? `✓ ${t('following')}` : t('follow')}
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
