import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import type { AccessRequestInput } from '../../../src/app/access/access-service.ts';
import { AccessBlockedError } from '../../../src/app/access/access-service.ts';
import { MeshworkError } from '../../../src/app/errors.ts';
import { builtinPolicyTexts } from '../../../src/app/governance/builtin/policy-texts.ts';
import { fillParams } from '../../../src/core/governance/fill-params.ts';
import type { Harness } from './access-fixture.ts';
import { NOW, USERS, days, harness, meshFiles } from './access-fixture.ts';

const kpis = (over: Partial<AccessRequestInput> = {}): AccessRequestInput => ({
  productId: 'sales-kpis',
  port: 'kpis',
  consumerTeam: 'marketing-team',
  purpose: 'reporting',
  endsAt: days(90),
  justification: 'Campaign dashboards',
  ...over,
});
const orders = (over: Partial<AccessRequestInput> = {}): AccessRequestInput =>
  kpis({ productId: 'sales-orders', port: 'orders', ...over });

const WAIVE_POLICY = {
  apiVersion: 'meshwork/v1',
  kind: 'Policy',
  id: 'support-without-dpo',
  title: 'Support reads customer e-mails without the DPO',
  description: 'Covered by the support contract.',
  severity: 'info',
  appliesTo: 'accessRequest',
  effect: 'waive-dpo',
  rule: "purpose.id == 'support'",
  hint: 'Nothing to do.',
};

async function refused(promise: Promise<unknown>): Promise<AccessBlockedError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AccessBlockedError, String(error));
    return error;
  }
  assert.fail('the request was not refused');
}

async function failsWith(promise: Promise<unknown>, code: string): Promise<MeshworkError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MeshworkError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected a ${code} error`);
}

describe('access service', () => {
  let h: Harness;
  const open: Harness[] = [];
  const fresh = async (files?: Record<string, unknown>): Promise<Harness> => {
    h = await harness(files);
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const x of open.splice(0)) await x.close();
  });
  after(async () => {
    for (const x of open.splice(0)) await x.close();
  });

  describe('request validation', () => {
    it('reports every problem of a request at once', async () => {
      await fresh();
      const error = await refused(
        h.service.request(USERS.max, {
          productId: 'no-such-product',
          port: 'kpis',
          consumerTeam: 'marketing-team',
          purpose: 'gossip',
          endsAt: days(-1),
          justification: '  ',
        }),
      );
      const messages = error.findings.map((f) => f.message).join('\n');
      assert.match(messages, /no product "no-such-product"/);
      assert.match(messages, /"gossip" is not a purpose of the catalogue/);
      assert.match(messages, /not in the future/);
      assert.match(messages, /has no justification/);
      assert.equal(error.findings.length, 4);
      assert.ok(error.findings.every((f) => f.severity === 'error'));
      assert.equal((await h.store.accessRequests.list({})).items.length, 0, 'nothing stored');
    });

    it('refuses columns the contract does not have and an empty list', async () => {
      await fresh();
      let error = await refused(
        h.service.request(USERS.max, orders({ columns: ['orders.amount', 'orders.secret'] })),
      );
      assert.match(error.findings[0]!.message, /no column "orders.secret"/);
      error = await refused(h.service.request(USERS.max, orders({ columns: [] })));
      assert.match(error.findings[0]!.message, /columns must be a list of 1 to/);
      const twice = await h.service.request(
        USERS.max,
        orders({ columns: ['orders.amount', 'orders.amount'] }),
      );
      assert.deepEqual(twice.columns, ['orders.amount'], 'a column named twice is granted once');
    });

    it('puts every refused request, decision and data read in the audit trail, with why', async () => {
      await fresh();
      await failsWith(h.service.request(USERS.eve, kpis()), 'forbidden');
      await refused(h.service.request(USERS.max, kpis({ purpose: 'gossip' })));
      const pending = await h.service.request(USERS.max, kpis());
      await failsWith(
        h.service.decide(USERS.max, pending.id, { decision: 'approve' }),
        'forbidden',
      );
      const denied = await h.service.dataAccess(USERS.eve, 'sales-orders', 'orders');
      assert.equal(denied.allowed, false);
      const events = (await h.store.audit.list({ limit: 50 })).items;
      const refusals = events
        .filter((e) => e.action.endsWith('-refused'))
        .map((e) => [e.action, e.actor, e.details.code ?? null])
        .reverse();
      assert.deepEqual(refusals, [
        ['access.request-refused', USERS.eve.username, 'forbidden'],
        ['access.request-refused', USERS.max.username, 'invalid-input'],
        ['access.decision-refused', USERS.max.username, 'forbidden'],
        ['data.read-refused', USERS.eve.username, null],
      ]);
      const purpose = events.find((e) => e.details.purpose === 'gossip');
      assert.match(String(purpose?.details.reason), /"gossip" is not a purpose/);
    });

    it('refuses a requester outside the consumer team (forbidden, nothing stored)', async () => {
      await fresh();
      await failsWith(h.service.request(USERS.eve, kpis()), 'forbidden');
      await failsWith(h.service.request(USERS.sam, kpis()), 'forbidden');
      assert.equal((await h.store.accessRequests.list({})).items.length, 0);
    });

    it('a renewal names an earlier grant of the same team for the same port', async () => {
      await fresh();
      const first = await h.service.request(USERS.max, kpis());
      const granted = await h.service.decide(USERS.olga, first.id, { decision: 'approve' });
      const renewal = await h.service.request(USERS.max, kpis({ renewalOf: granted.grantId! }));
      assert.equal(renewal.renewalOf, granted.grantId);
      const error = await refused(
        h.service.request(USERS.max, kpis({ renewalOf: 'no-such-grant' })),
      );
      assert.match(error.findings[0]!.message, /renewalOf "no-such-grant" names no grant/);
      await refused(h.service.request(USERS.max, orders({ renewalOf: granted.grantId! })));
    });

    it('bounds hostile input: a huge justification, a malformed date', async () => {
      await fresh();
      let error = await refused(
        h.service.request(USERS.max, kpis({ justification: 'x'.repeat(5000) })),
      );
      assert.match(error.findings[0]!.message, /more than 2000/);
      error = await refused(h.service.request(USERS.max, kpis({ endsAt: '2026-02-30' })));
      assert.match(error.findings[0]!.message, /not a date/);
      error = await refused(h.service.request(USERS.max, kpis({ endsAt: 'next week' })));
      assert.match(error.findings[0]!.message, /not a date/);
    });
  });

  describe('access policies', () => {
    it('an error finding blocks the request with its message (maximum duration)', async () => {
      await fresh();
      const error = await refused(h.service.request(USERS.max, kpis({ endsAt: days(400) })));
      assert.deepEqual(
        error.findings.map((f) => [f.policy, f.severity]),
        [['access-max-duration', 'error']],
      );
      const [finding] = error.findings;
      assert.match(
        finding!.message,
        /limited time: Choose an end date at most 365 days from today/,
      );
      assert.doesNotMatch(finding!.message, /maxDays/, 'no param name where its value belongs');
      // The portal fills the German hint with the params the finding carries.
      assert.deepEqual(finding!.params, { maxDays: 365 });
      const de = builtinPolicyTexts('de')['access-max-duration']!;
      assert.match(fillParams(de.hint, finding!.params), /höchstens 365 Tage ab heute/);
      assert.match(fillParams(de.description, finding!.params), /höchstens 365 Tage;/);
      assert.equal((await h.store.accessRequests.list({})).items.length, 0);
    });

    it('personal data only for a purpose with a legal basis', async () => {
      await fresh();
      const error = await refused(h.service.request(USERS.max, orders({ purpose: 'curiosity' })));
      assert.deepEqual(
        error.findings.map((f) => f.policy),
        ['access-personal-data-legal-basis'],
      );
      // Without the personal column the same purpose is fine.
      const ok = await h.service.request(
        USERS.max,
        orders({ purpose: 'curiosity', columns: ['orders.order_id', 'orders.amount'] }),
      );
      assert.equal(ok.state, 'pending');
    });

    it('a warning is stored on the request for the approvers', async () => {
      const files = meshFiles();
      files['meshwork.yaml'] = {
        ...(files['meshwork.yaml'] as object),
        governance: { builtin: { severity: { 'access-max-duration': 'warning' } } },
      };
      await fresh(files);
      const created = await h.service.request(USERS.max, kpis({ endsAt: days(400) }));
      assert.equal(created.state, 'pending');
      assert.deepEqual(
        created.findings.map((f) => [f.policy, f.severity]),
        [['access-max-duration', 'warning']],
      );
      assert.deepEqual((await h.store.accessRequests.get(created.id))?.findings, created.findings);
    });

    it("a domain's adaptation changes the bound for its products", async () => {
      await fresh({
        ...meshFiles(),
        'domains/sales/policies/shorter.yaml': {
          apiVersion: 'meshwork/v1',
          kind: 'PolicyAdaptation',
          domain: 'sales',
          policy: 'access-max-duration',
          params: { maxDays: 30 },
          reason: 'Sales data changes monthly',
        },
      });
      const error = await refused(h.service.request(USERS.max, kpis({ endsAt: days(60) })));
      assert.match(error.findings[0]!.message, /at most 30 days from today/);
      assert.match(
        fillParams(
          builtinPolicyTexts('de')['access-max-duration']!.hint,
          error.findings[0]!.params!,
        ),
        /höchstens 30 Tage/,
      );
    });

    it('a waive-dpo policy of the mesh lifts the DPO approval', async () => {
      await fresh({
        ...meshFiles(),
        'policies/support-without-dpo.policy.yaml': WAIVE_POLICY,
      });
      const support = await h.service.request(USERS.max, orders({ purpose: 'support' }));
      assert.deepEqual(support.requiredApprovals, ['owner']);
      const reporting = await h.service.request(USERS.max, orders());
      assert.deepEqual(reporting.requiredApprovals, ['owner', 'dpo']);
    });

    it('a waived DPO approval is a warning on the request naming the policy, and audited', async () => {
      await fresh({ ...meshFiles(), 'policies/support-without-dpo.policy.yaml': WAIVE_POLICY });
      const support = await h.service.request(USERS.max, orders({ purpose: 'support' }));
      const warnings = support.findings.filter((f) => f.severity === 'warning');
      assert.deepEqual(
        warnings.map((f) => f.policy),
        ['support-without-dpo'],
      );
      assert.match(warnings[0]!.message, /data protection officer.*waived.*support-without-dpo/);
      assert.match(warnings[0]!.message, /policies\/support-without-dpo\.policy\.yaml/);
      const [entry] = (await h.store.audit.list({ action: 'access.request' })).items;
      assert.equal(entry?.details.dpoWaivedBy, 'support-without-dpo');
      assert.equal(entry?.details.warnings, 1);
      // The approver still sees it when deciding: the policies are asked again.
      const decided = await h.service.decide(USERS.olga, support.id, { decision: 'approve' });
      assert.deepEqual(
        decided.findings.map((f) => [f.policy, f.severity]),
        [['support-without-dpo', 'warning']],
      );
      // Nothing personal asked for: there was no DPO approval to waive, so no warning.
      const plain = await h.service.request(
        USERS.max,
        orders({ purpose: 'support', columns: ['orders.order_id'] }),
      );
      assert.deepEqual(plain.findings, []);
    });

    it("a domain's own waive-dpo policy is refused: the DPO still approves its personal data", async () => {
      await fresh({
        ...meshFiles(),
        'domains/sales/policies/no-dpo.yaml': { ...WAIVE_POLICY, id: 'sales-no-dpo', rule: 'true' },
      });
      const refusedPolicy = h.mesh.policies.findings.filter(
        (f) => f.code === 'policy-effect-global-only',
      );
      assert.deepEqual(
        refusedPolicy.map((f) => [f.file, f.severity]),
        [['domains/sales/policies/no-dpo.yaml', 'error']],
      );
      assert.match(refusedPolicy[0]!.hint ?? '', /governance group/);
      assert.equal(
        h.mesh.policies.policies.some((p) => p.policy.id === 'sales-no-dpo'),
        false,
      );
      const created = await h.service.request(USERS.max, orders());
      assert.deepEqual(created.requiredApprovals, ['owner', 'dpo']);
      const afterOwner = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      assert.equal(afterOwner.state, 'pending');
      assert.equal(afterOwner.grantId, null);
    });

    it("a domain's own auto-approve policy does not approve access to a port with personal data", async () => {
      await fresh({
        ...meshFiles(),
        'domains/sales/policies/approve-all.yaml': {
          ...WAIVE_POLICY,
          id: 'sales-approve-all',
          effect: 'auto-approve',
          rule: 'true',
        },
      });
      // Only the non-personal columns of the personal port: still the owners decide.
      const orderIds = await h.service.request(
        USERS.max,
        orders({ columns: ['orders.order_id', 'orders.amount'] }),
      );
      assert.equal(orderIds.state, 'pending');
      assert.deepEqual(orderIds.approvals, []);
      assert.deepEqual(
        orderIds.findings.map((f) => [f.policy, f.severity]),
        [['sales-approve-all', 'info']],
      );
      assert.match(orderIds.findings[0]!.message, /personal data/);
      const personal = await h.service.request(USERS.max, orders());
      assert.deepEqual(personal.approvals, []);
      assert.deepEqual(personal.requiredApprovals, ['owner', 'dpo']);
      // A port without personal data: the domain's own policy approves.
      const plain = await h.service.request(USERS.max, kpis());
      assert.equal(plain.state, 'active');
      assert.deepEqual(
        plain.approvals.map((a) => a.by),
        ['policy:sales-approve-all'],
      );
    });

    it('a policy whose rule throws blocks rather than passes', async () => {
      await fresh({
        ...meshFiles(),
        'policies/broken.policy.yaml': {
          apiVersion: 'meshwork/v1',
          kind: 'Policy',
          id: 'broken-check',
          title: 'Broken',
          description: 'Reads a field that is not there.',
          severity: 'error',
          appliesTo: 'accessRequest',
          rule: 'request.nothing.deeper == 1',
          hint: 'Fix the policy.',
        },
      });
      const error = await refused(h.service.request(USERS.max, kpis()));
      assert.equal(error.findings[0]!.policy, 'broken-check');
      assert.match(error.findings[0]!.message, /could not be evaluated/);
    });
  });

  describe('approvals', () => {
    it('non-personal data: the producing owner alone approves, and the grant is provisioned', async () => {
      await fresh();
      const created = await h.service.request(USERS.max, kpis());
      assert.equal(created.state, 'pending');
      assert.deepEqual(created.requiredApprovals, ['owner']);
      await failsWith(
        h.service.decide(USERS.max, created.id, { decision: 'approve' }),
        'forbidden',
      );
      await failsWith(
        h.service.decide(USERS.sam, created.id, { decision: 'approve' }),
        'forbidden',
      );
      await failsWith(
        h.service.decide(USERS.dora, created.id, { decision: 'approve' }),
        'forbidden',
      );
      const decided = await h.service.decide(USERS.olga, created.id, {
        decision: 'approve',
        comment: 'fine',
      });
      assert.equal(decided.state, 'active');
      assert.ok(decided.grantId);
      const grant = await h.store.grants.get(decided.grantId);
      assert.equal(grant?.state, 'active');
      assert.equal(grant?.consumerTeam, 'marketing-team');
      assert.equal(grant?.consumerDomain, 'marketing');
      assert.deepEqual(grant?.provisioning, [
        {
          engine: 'embedded',
          server: null,
          objects: ['/api/products/sales-kpis/ports/kpis/data'],
          role: null,
        },
      ]);
      assert.equal(h.provisioner.provisioned.length, 1);
      const actions = (await h.store.audit.list({ limit: 20 })).items
        .map((e) => e.action)
        .reverse();
      assert.deepEqual(actions, [
        'access.request',
        // the three refused deciders above, each in the trail
        'access.decision-refused',
        'access.decision-refused',
        'access.decision-refused',
        'access.decision',
        'grant.create',
      ]);
    });

    it('personal data: owner and DPO approve, in either order', async () => {
      await fresh();
      const first = await h.service.request(USERS.max, orders());
      assert.deepEqual(first.requiredApprovals, ['owner', 'dpo']);
      const afterOwner = await h.service.decide(USERS.olga, first.id, { decision: 'approve' });
      assert.equal(afterOwner.state, 'pending');
      await failsWith(h.service.decide(USERS.olga, first.id, { decision: 'approve' }), 'conflict');
      const done = await h.service.decide(USERS.dora, first.id, { decision: 'approve' });
      assert.equal(done.state, 'active');
      assert.deepEqual(
        done.approvals.map((a) => [a.role, a.by]),
        [
          ['owner', 'olga'],
          ['dpo', 'dora'],
        ],
      );
      const second = await h.service.request(USERS.max, orders());
      assert.equal(
        (await h.service.decide(USERS.dora, second.id, { decision: 'approve' })).state,
        'pending',
      );
      assert.equal(
        (await h.service.decide(USERS.olga, second.id, { decision: 'approve' })).state,
        'active',
      );
    });

    it('an admin counts as the owner first; the DPO approval must come from someone else', async () => {
      await fresh();
      const created = await h.service.request(USERS.max, orders());
      const one = await h.service.decide(USERS.ada, created.id, { decision: 'approve' });
      assert.deepEqual(
        one.approvals.map((a) => a.role),
        ['owner'],
      );
      const again = await failsWith(
        h.service.decide(USERS.ada, created.id, { decision: 'approve' }),
        'forbidden',
      );
      assert.match(again.message, /someone else/);
      const two = await h.service.decide(USERS.dora, created.id, { decision: 'approve' });
      assert.deepEqual(
        two.approvals.map((a) => [a.role, a.by]),
        [
          ['owner', 'ada'],
          ['dpo', 'dora'],
        ],
      );
      assert.equal(two.state, 'active');
    });

    it('the requester never approves their own request, even as an owner', async () => {
      await fresh();
      // olga owns sales and asks for its personal orders data for her own team.
      const created = await h.service.request(USERS.olga, orders({ consumerTeam: 'sales-team' }));
      assert.equal(created.state, 'pending');
      const refusedSelf = await failsWith(
        h.service.decide(USERS.olga, created.id, { decision: 'approve' }),
        'forbidden',
      );
      assert.match(refusedSelf.message, /cannot approve it too/);
      assert.equal((await h.store.accessRequests.get(created.id))?.approvals.length, 0);
    });

    it('auto-approval: same domain, no personal data — approved by the policy', async () => {
      await fresh();
      const created = await h.service.request(USERS.sam, kpis({ consumerTeam: 'sales-team' }));
      assert.equal(created.state, 'active');
      assert.deepEqual(
        created.approvals.map((a) => a.by),
        ['policy:access-auto-approve-same-domain'],
      );
      assert.ok(created.grantId);
      // Same domain but personal data: an owner and the DPO still decide.
      const personal = await h.service.request(USERS.sam, orders({ consumerTeam: 'sales-team' }));
      assert.equal(personal.state, 'pending');
      assert.deepEqual(personal.approvals, []);
      assert.deepEqual(personal.requiredApprovals, ['owner', 'dpo']);
      const actions = (await h.store.audit.list({ action: 'access.auto-approve' })).items;
      assert.equal(actions.length, 1);
    });

    it('reject ends the request; it cannot be approved after', async () => {
      await fresh();
      const created = await h.service.request(USERS.max, kpis());
      const rejected = await h.service.decide(USERS.olga, created.id, {
        decision: 'reject',
        comment: 'not for campaigns',
      });
      assert.equal(rejected.state, 'rejected');
      assert.deepEqual(rejected.rejection, {
        by: 'olga',
        at: NOW.toISOString(),
        comment: 'not for campaigns',
      });
      await failsWith(
        h.service.decide(USERS.olga, created.id, { decision: 'approve' }),
        'conflict',
      );
      assert.equal(h.provisioner.provisioned.length, 0);
    });

    it('two approvals at once make one grant (owner and DPO)', async () => {
      await fresh();
      const created = await h.service.request(USERS.max, orders());
      const results = await Promise.all([
        h.service.decide(USERS.olga, created.id, { decision: 'approve' }),
        h.service.decide(USERS.dora, created.id, { decision: 'approve' }),
      ]);
      assert.equal(h.provisioner.provisioned.length, 1, 'provisioned once');
      const grants = await h.store.grants.list({});
      assert.equal(grants.items.length, 1, 'one grant');
      const stored = await h.store.accessRequests.get(created.id);
      assert.equal(stored?.state, 'active');
      assert.equal(stored?.grantId, grants.items[0]!.id);
      assert.equal(results.filter((r) => r.state === 'active').length, 1);
    });

    it('two owners approving at once: one wins, the other hears it is decided, one grant', async () => {
      await fresh();
      const created = await h.service.request(USERS.max, kpis());
      const results = await Promise.allSettled([
        h.service.decide(USERS.olga, created.id, { decision: 'approve' }),
        h.service.decide(USERS.ada, created.id, { decision: 'approve' }),
        h.service.decide(USERS.olga, created.id, { decision: 'approve' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results)
        if (r.status === 'rejected') assert.equal((r.reason as MeshworkError).code, 'conflict');
      assert.equal(h.provisioner.provisioned.length, 1);
      assert.equal((await h.store.grants.list({})).items.length, 1);
    });

    it('a provisioning failure leaves the request approved with a finding, and no grant', async () => {
      await fresh();
      h.provisioner.failWith = 'connection refused';
      const created = await h.service.request(USERS.max, kpis());
      const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      assert.equal(decided.state, 'approved');
      assert.equal(decided.grantId, null);
      const finding = decided.findings.find((f) => f.policy === 'meshwork:provisioning');
      assert.match(finding?.message ?? '', /could not be provisioned: connection refused/);
      assert.equal((await h.store.grants.list({})).items.length, 0);
    });
  });

  describe('grants', () => {
    async function activeGrant(input = kpis()): Promise<string> {
      const created = await h.service.request(USERS.max, input);
      let decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      if (decided.state === 'pending')
        decided = await h.service.decide(USERS.dora, created.id, { decision: 'approve' });
      assert.equal(decided.state, 'active');
      return decided.grantId!;
    }

    it('revoke: consumer owners, producing owners, governance, admin — not a plain member', async () => {
      await fresh();
      const id = await activeGrant();
      await failsWith(h.service.revoke(USERS.max, id), 'forbidden');
      await failsWith(h.service.revoke(USERS.sam, id), 'forbidden');
      const revoked = await h.service.revoke(USERS.mona, id);
      assert.equal(revoked.state, 'revoked');
      assert.equal(revoked.endedBy, 'mona');
      assert.equal(h.provisioner.revoked.length, 1);
      await failsWith(h.service.revoke(USERS.olga, id), 'conflict');
      const request = (await h.store.accessRequests.list({})).items[0]!;
      assert.equal(request.state, 'revoked');
      for (const actor of [USERS.olga, USERS.dora, USERS.ada]) {
        const other = await activeGrant();
        assert.equal((await h.service.revoke(actor, other)).state, 'revoked');
      }
    });

    it('a failed engine revoke keeps the grant active and says so', async () => {
      await fresh();
      const id = await activeGrant();
      h.provisioner.failRevokeWith = 'server down';
      await assert.rejects(h.service.revoke(USERS.mona, id), /server down/);
      assert.equal((await h.store.grants.get(id))?.state, 'active');
      const failed = (await h.store.audit.list({ action: 'grant.revoke-failed' })).items;
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.target, id);
      assert.match(String(failed[0]?.details.reason), /server down/);
      // The sweep, too, says so in the audit log rather than only in its report.
      h.clock = new Date(NOW.getTime() + 91 * 86_400_000);
      const report = await h.service.sweep();
      assert.deepEqual(
        report.failed.map((f) => f.grantId),
        [id],
      );
      const after = (await h.store.audit.list({ action: 'grant.revoke-failed' })).items;
      assert.equal(after.length, 2);
      assert.equal(after.find((e) => e.actor === 'system')?.details.intended, 'grant.expire');
      assert.equal((await h.store.grants.get(id))?.state, 'active');
    });

    it('a team of the same name in another domain sees neither the grant nor the request', async () => {
      // finance has a team named like marketing's; eve is its member, not marketing's.
      await fresh(
        meshFiles({
          'domains/finance/domain.yaml': {
            apiVersion: 'meshwork/v1',
            kind: 'Domain',
            name: 'finance',
            title: 'finance',
            team: {
              name: 'marketing-team',
              members: [{ username: 'eve', role: 'owner' }],
            },
          },
        }),
      );
      const id = await activeGrant();
      const grant = (await h.store.grants.get(id))!;
      assert.equal(grant.consumerDomain, 'marketing');
      await failsWith(h.service.getGrant(USERS.eve, id), 'forbidden');
      await failsWith(h.service.getRequest(USERS.eve, grant.requestId), 'forbidden');
      assert.deepEqual((await h.service.listGrants(USERS.eve)).items, []);
      assert.deepEqual(
        (await h.service.listGrants(USERS.eve, { team: 'marketing-team' })).items,
        [],
      );
      await failsWith(h.service.revoke(USERS.eve, id), 'forbidden');
      const access = await h.service.dataAccess(USERS.eve, 'sales-kpis', 'kpis');
      assert.equal(access.allowed, false);
      // marketing's own member still sees it.
      assert.equal((await h.service.getGrant(USERS.max, id)).id, id);
      assert.deepEqual(
        (await h.service.listGrants(USERS.max)).items.map((g) => g.id),
        [id],
      );
    });

    it("a renewal by a team of the same name in another domain is refused and shows nothing of the other's grant", async () => {
      await fresh(
        meshFiles({
          'domains/finance/domain.yaml': {
            apiVersion: 'meshwork/v1',
            kind: 'Domain',
            name: 'finance',
            title: 'finance',
            team: {
              name: 'marketing-team',
              members: [{ username: 'eve', role: 'owner' }],
            },
          },
        }),
      );
      const filter = { column: 'orders.order_id', values: ['o1'] };
      const created = await h.service.request(USERS.max, orders());
      let decided = await h.service.decide(USERS.olga, created.id, {
        decision: 'approve',
        rowFilter: filter,
      });
      if (decided.state === 'pending')
        decided = await h.service.decide(USERS.dora, created.id, { decision: 'approve' });
      assert.equal(decided.state, 'active');
      const grantId = decided.grantId!;
      for (const renewalOf of [grantId, created.id]) {
        const error = await refused(h.service.request(USERS.eve, orders({ renewalOf })));
        assert.match(error.findings[0]!.message, /names no grant or request of the team/);
        assert.ok(!JSON.stringify(error.findings).includes('o1'), 'the filter is not shown');
      }
      assert.equal(
        (await h.store.accessRequests.list({})).items.length,
        1,
        'nothing was stored for finance',
      );
      // marketing's own member renews it and keeps its rows.
      const renewal = await h.service.request(USERS.max, orders({ renewalOf: grantId }));
      assert.deepEqual(renewal.rowFilter, filter);
      assert.equal(renewal.consumerDomain, 'marketing');
    });

    it('dataAccess: the owning team in full, a grantee its columns with personal ones hashed, a stranger nothing', async () => {
      await fresh();
      const owner = await h.service.dataAccess(USERS.sam, 'sales-orders', 'orders');
      assert.deepEqual(owner, {
        allowed: true,
        product: 'sales/orders',
        contractFile: 'domains/sales/orders/orders.odcs.yaml',
        columns: ['orders.order_id', 'orders.amount', 'orders.customer_email'],
        pseudonymise: [],
        via: 'owner',
        grantId: null,
        rowFilter: null,
      });
      const before = await h.service.dataAccess(USERS.max, 'sales-orders', 'orders');
      assert.equal(before.allowed, false);
      const id = await activeGrant(orders({ columns: ['orders.customer_email', 'orders.amount'] }));
      const grantee = await h.service.dataAccess(USERS.max, 'sales-orders', 'orders');
      assert.deepEqual(grantee, {
        allowed: true,
        product: 'sales/orders',
        contractFile: 'domains/sales/orders/orders.odcs.yaml',
        columns: ['orders.amount', 'orders.customer_email'],
        pseudonymise: ['orders.customer_email'],
        via: 'grant',
        grantId: id,
        rowFilter: null,
      });
      const stranger = await h.service.dataAccess(USERS.eve, 'sales-orders', 'orders');
      assert.equal(stranger.allowed, false);
      // Governance and admin roles are no data access by themselves.
      assert.equal(
        (await h.service.dataAccess(USERS.dora, 'sales-orders', 'orders')).allowed,
        false,
      );
      await h.service.revoke(USERS.mona, id);
      assert.equal(
        (await h.service.dataAccess(USERS.max, 'sales-orders', 'orders')).allowed,
        false,
      );
      await assert.rejects(h.service.dataAccess(USERS.max, 'sales-orders', 'nope'), /no product/);
    });

    it('dataAccess: a purpose that allows personal data in clear hashes nothing', async () => {
      await fresh();
      await activeGrant(orders({ purpose: 'support' }));
      const access = await h.service.dataAccess(USERS.mona, 'sales-orders', 'orders');
      assert.equal(access.allowed, true);
      assert.deepEqual(access.allowed && access.pseudonymise, []);
    });

    it('confidential figures are not personal data: no DPO, no legal basis, still hashed in a grant', async () => {
      const files = meshFiles();
      const kpisContract = files['domains/sales/kpis/kpis.odcs.yaml'] as {
        schema: { properties: Record<string, unknown>[] }[];
      };
      kpisContract.schema[0]!.properties[1]!.classification = 'confidential';
      await fresh(files);
      // A purpose without a legal basis will do: the revenue figures are about no one.
      const created = await h.service.request(USERS.max, kpis({ purpose: 'curiosity' }));
      assert.equal(created.state, 'pending');
      assert.deepEqual(created.requiredApprovals, ['owner'], 'the DPO is not asked');
      // Within the domain, confidential columns are still the owners' to decide.
      const same = await h.service.request(USERS.sam, kpis({ consumerTeam: 'sales-team' }));
      assert.equal(same.state, 'pending');
      assert.deepEqual(same.approvals, []);
      assert.deepEqual(same.requiredApprovals, ['owner']);
      const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      assert.equal(decided.state, 'active');
      // As before the split: a grant serves a confidential column as a keyed hash.
      const access = await h.service.dataAccess(USERS.max, 'sales-kpis', 'kpis');
      assert.deepEqual(access.allowed && access.pseudonymise, ['kpis.revenue']);
    });

    it('says when no one was made a member of the grant role (no login mapping)', async () => {
      await fresh();
      h.provisioner.alsoRecord = {
        engine: 'postgresql',
        server: 'warehouse',
        objects: ['meshwork_marketing_team.kpis_1a2b3c4d'],
        role: 'meshwork_team_marketing_team',
        membersUnmanaged: true,
      };
      const created = await h.service.request(USERS.max, kpis());
      const decided = await h.service.decide(USERS.olga, created.id, { decision: 'approve' });
      assert.equal(decided.state, 'active');
      const warning = decided.findings.find((f) =>
        /maps no user to a postgresql login/.test(f.message),
      );
      assert.ok(warning, JSON.stringify(decided.findings));
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, /meshwork_team_marketing_team/);
    });

    it('consumersOf lists the active grants: team, purpose, end', async () => {
      await fresh();
      const id = await activeGrant();
      assert.deepEqual(await h.service.consumersOf(['sales-kpis']), [
        {
          grantId: id,
          product: 'sales-kpis',
          port: 'kpis',
          team: 'marketing-team',
          domain: 'marketing',
          purpose: 'reporting',
          endsAt: days(90),
        },
      ]);
      await h.service.revoke(USERS.ada, id);
      assert.deepEqual(await h.service.consumersOf(['sales-kpis']), []);
    });

    it('lists: mine, to decide (owner, DPO), all (governance only), grants per role', async () => {
      await fresh();
      const a = await h.service.request(USERS.max, kpis());
      const b = await h.service.request(USERS.mona, orders());
      assert.deepEqual(
        (await h.service.listRequests(USERS.max, 'mine')).items.map((r) => r.id),
        [a.id],
      );
      assert.deepEqual(
        (await h.service.listRequests(USERS.olga, 'to-decide')).items.map((r) => r.id).sort(),
        [a.id, b.id].sort(),
      );
      assert.deepEqual(
        (await h.service.listRequests(USERS.dora, 'to-decide')).items.map((r) => r.id),
        [b.id],
      );
      assert.deepEqual((await h.service.listRequests(USERS.max, 'to-decide')).items, []);
      await failsWith(h.service.listRequests(USERS.max, 'all'), 'forbidden');
      assert.equal((await h.service.listRequests(USERS.dora, 'all')).items.length, 2);
      await h.service.decide(USERS.olga, a.id, { decision: 'approve' });
      assert.equal((await h.service.listGrants(USERS.max)).items.length, 1);
      assert.equal(
        (await h.service.listGrants(USERS.olga, { productId: 'sales-kpis' })).items.length,
        1,
      );
      assert.equal((await h.service.listGrants(USERS.eve)).items.length, 0);
      await failsWith(h.service.listGrants(USERS.eve, { team: 'marketing-team' }), 'forbidden');
      await failsWith(h.service.getRequest(USERS.eve, a.id), 'forbidden');
      assert.equal((await h.service.getRequest(USERS.olga, a.id)).id, a.id);
    });
  });
});
