import type { EmulatedUser } from '../src/sandbox/slack';

/** Who is in the benchmark's Slack workspace, shared by the emulator's process and the load generator. */

export const SIGNING_SECRET = 'bench-signing-secret';
export const APPROVER = 'UAPPROVER';
export const APPROVALS = 'CAPPROVALS';
export const ORDERS = 'CORDERS';

export const APPROVER_USER: EmulatedUser = { id: APPROVER, name: 'approver', realName: 'Ben Approver' };

export function requesters(count: number): EmulatedUser[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `UREQ${String(i).padStart(5, '0')}`;
    return { id, name: `requester${i}`, realName: `Requester ${i}` };
  });
}
