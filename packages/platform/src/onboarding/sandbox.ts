/**
 * @module Sandbox auto-review, so a demo completes by itself. The rules (documented in
 * docs/onboarding.md) look only at values a tester chooses on purpose.
 */
import type { Requirement } from '@mashang/sdk';
import type { Platform } from '../context.js';
import { dueReviews, findApplication, type ApplicationRow } from '../store/onboarding.js';
import { approve, reject, requestChanges, sandboxReviewDelayMs, startReview } from './service.js';

/** Registered names containing this are rejected. */
export const MAGIC_REJECT = '驳回测试';
/** Registered names containing this stay `in_review` for an operator to decide. */
export const MAGIC_MANUAL = '人工审核';
/** This legal-representative phone number is sent back as `action_required`. */
export const MAGIC_PHONE = '13800000002';

type Decision = { kind: 'approve' } | { kind: 'reject'; reasons: Requirement[] } | { kind: 'changes'; requirements: Requirement[] } | { kind: 'manual' };

/** What the sandbox reviewer decides for an application. */
export function sandboxDecision(row: Pick<ApplicationRow, 'data'>): Decision {
  const name = row.data.business.registered_name ?? '';
  if (name.includes(MAGIC_REJECT)) {
    return {
      kind: 'reject',
      reasons: [{ field: 'business.registered_name', code: 'sandbox_rejected', message: `沙箱规则：名称含“${MAGIC_REJECT}”的申请会被驳回。Sandbox: registered names containing "${MAGIC_REJECT}" are rejected.` }],
    };
  }
  if (name.includes(MAGIC_MANUAL)) return { kind: 'manual' };
  if (row.data.legal_representative.phone === MAGIC_PHONE) {
    return {
      kind: 'changes',
      requirements: [
        {
          field: 'legal_representative.phone',
          code: 'phone_unreachable',
          message: `沙箱规则：手机号 ${MAGIC_PHONE} 无法接收验证短信，请更换能接收短信的手机号。Sandbox: ${MAGIC_PHONE} could not be reached for verification; give a mobile number that can receive SMS.`,
        },
      ],
    };
  }
  return { kind: 'approve' };
}

/** Moves due applications one step (submitted → in_review → decision) every poll. */
export function startSandboxReviewer(platform: Platform): () => Promise<void> {
  const delay = sandboxReviewDelayMs();
  const pollMs = Math.max(10, Math.min(250, Math.floor(delay / 4) || 10));
  let running: Promise<void> | undefined;
  let stopped = false;

  const step = async (id: string) => {
    await platform.db.transaction(async (tx) => {
      const row = await findApplication(tx, id, { isvId: null, merchantId: null }, true);
      // Another server, or the operator, may have moved it meanwhile.
      if (!row || (row.status !== 'submitted' && row.status !== 'in_review') || !row.review_due_at || new Date(row.review_due_at) > new Date()) return;
      const decision = sandboxDecision(row);
      if (row.status === 'submitted') {
        await startReview(platform, tx, row, decision.kind === 'manual' ? null : new Date(Date.now() + delay));
        return;
      }
      if (decision.kind === 'approve') await approve(platform, tx, row);
      else if (decision.kind === 'reject') await reject(platform, tx, row, decision.reasons);
      else if (decision.kind === 'changes') await requestChanges(platform, tx, row, decision.requirements);
    });
  };

  const tick = async () => {
    try {
      for (const id of await dueReviews(platform.db, 10)) {
        if (stopped) return;
        await step(id);
      }
    } catch (error) {
      if (!stopped) platform.log({ level: 'error', msg: 'sandbox review failed', error: error instanceof Error ? error.message : String(error) });
    }
  };

  const timer = setInterval(() => {
    if (!running) running = tick().finally(() => (running = undefined));
  }, pollMs);
  timer.unref?.();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
