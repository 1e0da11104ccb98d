import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  AccessRequest,
  AccessRequestState,
  Approval,
  Grant,
  Purpose,
} from '../../src/core/access/model.ts';
import {
  applyApproval,
  applyRejection,
  canTransition,
  canTransitionGrant,
  isExpired,
  MAX_JUSTIFICATION,
  needsRecertification,
  parseEndsAt,
  remindDue,
  requiredApprovals,
  validateRequestInput,
} from '../../src/core/access/request-rules.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const LATER = '2026-03-02T08:00:00.000Z';

function request(extra: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'r1',
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing',
    consumerDomain: 'marketing',
    requester: 'anna',
    purpose: 'reporting',
    endsAt: '2026-06-30T23:59:59.999Z',
    columns: null,
    justification: 'Monthly report',
    state: 'pending',
    requiredApprovals: ['owner', 'dpo'],
    approvals: [],
    rejection: null,
    findings: [],
    renewalOf: null,
    grantId: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

const approval = (role: 'owner' | 'dpo', by: string): Approval => ({
  role,
  by,
  at: LATER,
  comment: null,
});

function grant(extra: Partial<Grant> = {}): Grant {
  return {
    id: 'g1',
    requestId: 'r1',
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing',
    consumerDomain: 'marketing',
    purpose: 'reporting',
    columns: null,
    personalInClear: false,
    state: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-03-31T00:00:00.000Z',
    certifiedAt: '2026-01-01T00:00:00.000Z',
    endedAt: null,
    endedBy: null,
    provisioning: [],
    remindedAt: null,
    ...extra,
  };
}

describe('access request rules', () => {
  it('asks the DPO too for personal data, unless a policy waives it', () => {
    assert.deepEqual(requiredApprovals({ personal: false, policyWaivesDpo: false }), ['owner']);
    assert.deepEqual(requiredApprovals({ personal: true, policyWaivesDpo: false }), [
      'owner',
      'dpo',
    ]);
    assert.deepEqual(requiredApprovals({ personal: true, policyWaivesDpo: true }), ['owner']);
    assert.deepEqual(requiredApprovals({ personal: false, policyWaivesDpo: true }), ['owner']);
  });

  it('approves once every required role approved, in either order', () => {
    const first = applyApproval(request(), approval('owner', 'olga'), LATER);
    assert.ok(first.ok);
    assert.equal(first.request.state, 'pending', 'the DPO is still missing');
    assert.equal(first.request.updatedAt, LATER);
    const second = applyApproval(first.request, approval('dpo', 'dora'), LATER);
    assert.ok(second.ok);
    assert.equal(second.request.state, 'approved');
    assert.deepEqual(
      second.request.approvals.map((a) => a.role),
      ['owner', 'dpo'],
    );
    const dpoFirst = applyApproval(request(), approval('dpo', 'dora'), LATER);
    assert.ok(dpoFirst.ok && dpoFirst.request.state === 'pending');
    const ownerOnly = applyApproval(
      request({ requiredApprovals: ['owner'] }),
      approval('owner', 'olga'),
      LATER,
    );
    assert.ok(ownerOnly.ok && ownerOnly.request.state === 'approved');
  });

  it('counts an approval once per role (idempotent)', () => {
    const once = applyApproval(request(), approval('owner', 'olga'), LATER);
    assert.ok(once.ok);
    const again = applyApproval(once.request, approval('owner', 'otto'), LATER);
    assert.ok(again.ok);
    assert.equal(again.changed, false);
    assert.equal(again.request, once.request, 'the same value, nothing to write');
    assert.equal(again.request.approvals.length, 1);
  });

  it('refuses to decide a request that is not pending, has ended, or in a role it does not need', () => {
    for (const state of ['approved', 'rejected', 'active', 'expired', 'revoked'] as const) {
      const outcome = applyApproval(request({ state }), approval('owner', 'olga'), LATER);
      assert.ok(!outcome.ok && outcome.problem.code === 'request-not-pending', state);
      const rejected = applyRejection(
        request({ state }),
        { by: 'olga', at: LATER, comment: null },
        LATER,
      );
      assert.ok(!rejected.ok && rejected.problem.code === 'request-not-pending', state);
    }
    const ended = applyApproval(
      request({ endsAt: '2026-03-02T00:00:00.000Z' }),
      approval('owner', 'olga'),
      LATER,
    );
    assert.ok(!ended.ok && ended.problem.code === 'request-ended');
    const broken = applyApproval(request({ endsAt: 'soon' }), approval('owner', 'olga'), LATER);
    assert.ok(
      !broken.ok && broken.problem.code === 'request-ended',
      'an unreadable end fails closed',
    );
    const notNeeded = applyApproval(
      request({ requiredApprovals: ['owner'] }),
      approval('dpo', 'dora'),
      LATER,
    );
    assert.ok(!notNeeded.ok && notNeeded.problem.code === 'approval-not-required');
    assert.match(notNeeded.ok ? '' : notNeeded.problem.message, /needs no dpo approval/);
  });

  it('keeps four eyes: no self-approval, no one person for both roles — policies exempt', () => {
    const self = applyApproval(request(), approval('owner', 'anna'), LATER);
    assert.ok(!self.ok && self.problem.code === 'self-approval');
    const owner = applyApproval(request(), approval('owner', 'olga'), LATER);
    assert.ok(owner.ok);
    const both = applyApproval(owner.request, approval('dpo', 'olga'), LATER);
    assert.ok(!both.ok && both.problem.code === 'same-approver');
    const byPolicy = applyApproval(
      request({ requiredApprovals: ['owner'] }),
      approval('owner', 'policy:auto-approve-same-domain'),
      LATER,
    );
    assert.ok(byPolicy.ok && byPolicy.request.state === 'approved');
  });

  it('rejects a pending request, whatever was approved before', () => {
    const owner = applyApproval(request(), approval('owner', 'olga'), LATER);
    assert.ok(owner.ok);
    const rejection = { by: 'dora', at: LATER, comment: 'Kein Zweck für Klardaten' };
    const outcome = applyRejection(owner.request, rejection, LATER);
    assert.ok(outcome.ok);
    assert.equal(outcome.request.state, 'rejected');
    assert.deepEqual(outcome.request.rejection, rejection);
    const twice = applyRejection(outcome.request, { ...rejection, by: 'olga' }, LATER);
    assert.ok(!twice.ok, 'the first rejection stays');
  });

  it('allows exactly the transitions of the life cycle', () => {
    const states: AccessRequestState[] = [
      'pending',
      'approved',
      'rejected',
      'active',
      'expired',
      'revoked',
    ];
    const allowed = new Set([
      'pending>approved',
      'pending>rejected',
      'pending>expired',
      'approved>active',
      'approved>revoked',
      'active>expired',
      'active>revoked',
    ]);
    for (const from of states)
      for (const to of states)
        assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
    assert.equal(canTransitionGrant('active', 'expired'), true);
    assert.equal(canTransitionGrant('active', 'revoked'), true);
    assert.equal(canTransitionGrant('active', 'active'), false);
    assert.equal(canTransitionGrant('revoked', 'active'), false);
    assert.equal(canTransitionGrant('expired', 'revoked'), false);
  });

  it('tells when a grant is over, due for recertification or for a reminder', () => {
    const g = grant({ endsAt: '2026-03-31T00:00:00.000Z' });
    assert.equal(isExpired(g, '2026-03-30T23:59:59.999Z'), false);
    assert.equal(isExpired(g, '2026-03-31T00:00:00.000Z'), true, 'the end itself is over');
    assert.equal(isExpired(g, new Date('2026-04-01T00:00:00Z')), true);
    assert.equal(isExpired(grant({ endsAt: 'never' }), NOW), true, 'unreadable: fails closed');
    assert.equal(
      isExpired({ endsAt: '2026-03-31T02:00:00+02:00' }, '2026-03-31T00:00:00.000Z'),
      true,
      'zones compared as instants',
    );

    const certified = grant({ certifiedAt: '2026-01-01T00:00:00.000Z' });
    assert.equal(needsRecertification(certified, 90, '2026-03-31T23:59:59.000Z'), false);
    assert.equal(needsRecertification(certified, 90, '2026-04-01T00:00:00.000Z'), true);
    assert.equal(
      needsRecertification({ ...certified, state: 'revoked' }, 90, '2027-01-01T00:00:00Z'),
      false,
    );
    assert.equal(needsRecertification(certified, 0, '2027-01-01T00:00:00Z'), false, 'no cadence');
    assert.equal(needsRecertification(certified, Number.NaN, '2027-01-01T00:00:00Z'), false);

    const ending = grant({ endsAt: '2026-03-31T00:00:00.000Z', remindedAt: null });
    assert.equal(remindDue(ending, 14, '2026-03-16T23:59:59.000Z'), false, 'before the window');
    assert.equal(remindDue(ending, 14, '2026-03-17T00:00:00.000Z'), true, 'the window opens');
    assert.equal(
      remindDue({ ...ending, remindedAt: '2026-03-18T00:00:00.000Z' }, 14, '2026-03-20T00:00:00Z'),
      false,
      'reminded in this window',
    );
    assert.equal(
      remindDue({ ...ending, remindedAt: '2026-01-10T00:00:00.000Z' }, 14, '2026-03-20T00:00:00Z'),
      true,
      'a reminder before the window (the end was moved) does not count',
    );
    assert.equal(
      remindDue(ending, 14, '2026-03-31T00:00:00.000Z'),
      false,
      'over: the sweep ends it',
    );
    assert.equal(remindDue({ ...ending, state: 'revoked' }, 14, '2026-03-20T00:00:00Z'), false);
  });
});

describe('access request input', () => {
  const purposes: Purpose[] = [
    {
      id: 'reporting',
      title: { en: 'Reporting' },
      description: {},
      legalBasis: 'f',
      personalDataInClear: false,
    },
  ];
  const context = {
    now: NOW,
    maxDays: 180,
    portColumns: ['orders.order_id', 'orders.total', 'orders.email'],
    purposes,
  };
  const valid = {
    productId: 'sales-orders',
    port: 'orders',
    consumerTeam: 'marketing',
    purpose: 'reporting',
    endsAt: '2026-06-30',
    columns: ['orders.order_id', 'orders.total', 'orders.order_id'],
    justification: '  Monatsbericht  ',
  };
  const codesOf = (input: unknown): string[] => {
    const result = validateRequestInput(input, context);
    return result.ok ? [] : result.problems.map((p) => p.code);
  };

  it('normalises a valid request: end of day UTC, distinct columns, trimmed text', () => {
    const result = validateRequestInput(valid, context);
    assert.ok(result.ok);
    assert.deepEqual(result.input, {
      productId: 'sales-orders',
      port: 'orders',
      consumerTeam: 'marketing',
      purpose: 'reporting',
      endsAt: '2026-06-30T23:59:59.999Z',
      columns: ['orders.order_id', 'orders.total'],
      justification: 'Monatsbericht',
      renewalOf: null,
    });
    const all = validateRequestInput(
      { ...valid, columns: null, renewalOf: 'r0', endsAt: '2026-04-01T10:00:00+02:00' },
      context,
    );
    assert.ok(all.ok);
    assert.equal(all.input.columns, null, 'null: every column');
    assert.equal(all.input.renewalOf, 'r0');
    assert.equal(all.input.endsAt, '2026-04-01T08:00:00.000Z');
  });

  it('wants the end in the future and at most maxDays away', () => {
    assert.deepEqual(codesOf({ ...valid, endsAt: '2026-03-01T11:59:59Z' }), ['end-not-in-future']);
    assert.deepEqual(codesOf({ ...valid, endsAt: NOW }), ['end-not-in-future']);
    assert.deepEqual(codesOf({ ...valid, endsAt: '2026-08-28T12:00:00Z' }), []);
    assert.deepEqual(codesOf({ ...valid, endsAt: '2026-08-28T12:00:01Z' }), ['end-too-far']);
    assert.deepEqual(codesOf({ ...valid, endsAt: '2099-01-01' }), ['end-too-far']);
    const far = validateRequestInput({ ...valid, endsAt: '2099-01-01' }, context);
    assert.match(far.ok ? '' : (far.problems[0]?.hint ?? ''), /2026-08-28/);
    const { maxDays: _ignored, ...withoutMax } = context;
    const defaultMax = validateRequestInput({ ...valid, endsAt: '2027-02-28' }, withoutMax);
    assert.ok(!validateRequestInput({ ...valid, endsAt: '2027-03-01' }, withoutMax).ok);
    assert.ok(defaultMax.ok, 'the default maximum is a year');
    for (const endsAt of [
      '2026-02-30',
      '2026-13-01',
      '30.06.2026',
      '2026-06-30T12:00:00',
      'tomorrow',
      20260630,
      '',
      'x'.repeat(1000),
    ])
      assert.deepEqual(codesOf({ ...valid, endsAt }), ['invalid-end-date'], String(endsAt));
    assert.ok(Number.isNaN(parseEndsAt('2026-06-30 12:00')));
  });

  it('wants known columns, a known purpose and a justification of 1 to 2000 characters', () => {
    const unknown = validateRequestInput(
      { ...valid, columns: ['orders.totl', 'orders.secret'] },
      context,
    );
    assert.ok(!unknown.ok);
    assert.deepEqual(
      unknown.problems.map((p) => [p.code, p.path]),
      [
        ['unknown-column', ['columns', 0]],
        ['unknown-column', ['columns', 1]],
      ],
    );
    assert.equal(
      unknown.problems[0]?.hint,
      'Did you mean "orders.total"? The port’s columns: orders.order_id, orders.total, orders.email.',
    );
    assert.deepEqual(codesOf({ ...valid, columns: [] }), ['invalid-columns']);
    assert.deepEqual(codesOf({ ...valid, columns: 'orders.total' }), ['invalid-columns']);
    assert.deepEqual(codesOf({ ...valid, columns: [1] }), ['invalid-columns']);
    assert.deepEqual(codesOf({ ...valid, purpose: 'marketing' }), ['unknown-purpose']);
    assert.deepEqual(codesOf({ ...valid, justification: '   ' }), ['missing-justification']);
    assert.deepEqual(codesOf({ ...valid, justification: 42 }), ['missing-justification']);
    assert.deepEqual(codesOf({ ...valid, justification: 'x'.repeat(MAX_JUSTIFICATION) }), []);
    assert.deepEqual(codesOf({ ...valid, justification: 'x'.repeat(MAX_JUSTIFICATION + 1) }), [
      'justification-too-long',
    ]);
  });

  it('accepts a plain column name that one object has and normalises it to object.property', () => {
    const twoObjects = {
      ...context,
      portColumns: [
        'orders.order_id',
        'orders.customer_id',
        'customers.customer_id',
        'customers.name',
      ],
    };
    const plain = validateRequestInput(
      { ...valid, columns: ['order_id', 'name', 'orders.customer_id', 'customers.name'] },
      twoObjects,
    );
    assert.ok(plain.ok);
    assert.deepEqual(plain.input.columns, [
      'orders.order_id',
      'customers.name',
      'orders.customer_id',
    ]);
    const ambiguous = validateRequestInput({ ...valid, columns: ['customer_id'] }, twoObjects);
    assert.ok(!ambiguous.ok);
    assert.deepEqual(
      ambiguous.problems.map((p) => [p.code, p.path, p.hint]),
      [
        [
          'ambiguous-column',
          ['columns', 0],
          'Name it as object.property: orders.customer_id, customers.customer_id.',
        ],
      ],
    );
    // A dotted name is never reinterpreted: "x.order_id" is not "orders.order_id".
    assert.deepEqual(codesOf({ ...valid, columns: ['x.order_id'] }), ['unknown-column']);
  });

  it('names up to 50 valid columns in full and counts the rest', () => {
    const cols = (n: number) => Array.from({ length: n }, (_, i) => `t.col_${i}`);
    const hintFor = (n: number) => {
      const r = validateRequestInput(
        { ...valid, columns: ['zzzzzzzzzzzzzzzzzzzz'] },
        { ...context, portColumns: cols(n) },
      );
      assert.ok(!r.ok);
      return r.problems[0]?.hint ?? '';
    };
    const fifty = hintFor(50);
    assert.ok(fifty.includes('t.col_0,') && fifty.endsWith('t.col_49.'), fifty);
    assert.ok(!fifty.includes('…'));
    assert.match(hintFor(51), /t\.col_49 and 1 more\.$/);
  });

  it('reports every problem of hostile input at once, bounded, and never throws', () => {
    assert.deepEqual(codesOf(null), ['request-not-an-object']);
    assert.deepEqual(codesOf(['x']), ['request-not-an-object']);
    assert.deepEqual(codesOf('{}'), ['request-not-an-object']);
    assert.deepEqual(codesOf({}), [
      'missing-request-field',
      'missing-request-field',
      'missing-request-field',
      'missing-request-field',
      'invalid-end-date',
      'missing-justification',
    ]);
    assert.deepEqual(
      codesOf({ ...valid, productId: { $ne: 1 }, port: 'p'.repeat(201), renewalOf: 7 }),
      ['invalid-request-field', 'invalid-request-field', 'invalid-request-field'],
    );
    const typo = validateRequestInput({ ...valid, justifcation: 'x', state: 'approved' }, context);
    assert.ok(!typo.ok);
    assert.deepEqual(
      typo.problems.map((p) => [p.code, p.hint]),
      [
        ['unknown-request-field', 'Did you mean "justification"?'],
        [
          'unknown-request-field',
          'Fields: productId, port, consumerTeam, purpose, endsAt, columns, justification, renewalOf.',
        ],
      ],
      'a caller cannot set the state (or anything else) through the input',
    );
    const flood: Record<string, unknown> = { ...valid };
    for (let i = 0; i < 5000; i++) flood[`k${i}`] = i;
    const flooded = validateRequestInput(flood, context);
    assert.ok(!flooded.ok);
    assert.equal(flooded.problems.length, 11, '10 named, the rest counted');
    assert.match(flooded.problems[10]?.message ?? '', /4990 more unknown fields/);
    const manyColumns = validateRequestInput(
      { ...valid, columns: Array.from({ length: 1000 }, (_, i) => `x${'y'.repeat(150)}${i}`) },
      context,
    );
    assert.ok(!manyColumns.ok);
    assert.equal(manyColumns.problems.length, 11);
    assert.deepEqual(
      codesOf({ ...valid, columns: Array.from({ length: 1001 }, () => 'orders.total') }),
      ['invalid-columns'],
    );
  });
});
