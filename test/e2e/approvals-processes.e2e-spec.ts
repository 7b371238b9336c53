import { randomUUID } from 'node:crypto';
import { startApp, testEnv, TestApp } from '../support/app';
import { closeSql } from '../support/db';
import { EchoUpstream } from '../support/echo-upstream';
import { FakeSlack, SlackCall } from '../support/fake-slack';
import { FakeTokenEndpoint, startFakeTokenEndpoint } from '../support/fake-token-endpoint';
import {
  answerApproval,
  approvalIdOf,
  ApprovalTarget,
  clickButton,
  createApprovalTarget,
  createGuardedWorker,
  createPlaceholder,
  GuardedWorker,
  proxyCall,
} from '../support/guarded';
import { PlugboardProcess, spawnPlugboard, stopProcess, waitForStatus } from '../support/process';
import { waitUntil } from '../support/wait-until';

const APPROVER = 'U_MANAGER';

/**
 * The process holding a request and the one the answer reaches are different (Slack posts a click
 * wherever the load balancer sends it). The claim's notification must wake the holder: its own
 * safety-net look comes only every 2 s, so an answer well under that proves the wake.
 */
describe('approvals answered at another process', () => {
  jest.setTimeout(120_000);
  let holder: TestApp;
  let other: PlugboardProcess;
  let upstream: EchoUpstream;
  let slack: FakeSlack;
  let tokenEndpoint: FakeTokenEndpoint;

  beforeAll(async () => {
    upstream = await EchoUpstream.start();
    slack = await new FakeSlack().start();
    tokenEndpoint = await startFakeTokenEndpoint();
    holder = await startApp({ LOG_LEVEL: 'info' });
    other = await spawnPlugboard(testEnv({ LOG_LEVEL: 'warn' }));
    await waitForStatus(other, '/health/ready', 200, 60_000);
  });
  afterAll(async () => {
    if (other) await stopProcess(other);
    await holder?.close();
    await upstream?.close();
    await slack?.stop();
    await tokenEndpoint?.close();
    await closeSql();
  });

  async function setUp(): Promise<{
    worker: GuardedWorker;
    target: ApprovalTarget;
    placeholder: string;
    channel: string;
  }> {
    const worker = await createGuardedWorker(holder.baseUrl, {
      apiBaseUrl: upstream.url,
      tokenUrl: tokenEndpoint.url,
    });
    const target = await createApprovalTarget(holder.baseUrl, worker.org, slack, tokenEndpoint.url);
    const channel = `C_${randomUUID().slice(0, 8)}`;
    const created = await createPlaceholder(holder.baseUrl, worker, {
      approval: {
        integrationId: target.integrationId,
        connectionId: target.connectionId,
        channel,
        approverUserId: APPROVER,
      },
    });
    expect(created.status).toBe(201);
    return { worker, target, placeholder: created.body.placeholder, channel };
  }

  async function postedTo(channel: string): Promise<SlackCall> {
    const posts = await waitUntil(
      async () => slack.callsTo('chat.postMessage').filter((call) => call.body.channel === channel),
      (found) => found.length > 0,
    );
    return posts[0];
  }

  it.each([
    ['POST …/answer', 'Approve' as const],
    ['a Slack click through ingress', 'Approve' as const],
    ['POST …/answer', 'Deny' as const],
  ])('wakes the holder when %s (%s) lands on the other process', async (how, option) => {
    const latencies: number[] = [];
    for (let trial = 0; trial < 3; trial++) {
      const setup = await setUp();
      upstream.reset();
      let answeredAt = 0;
      const held = proxyCall(holder.baseUrl, setup.worker, setup.placeholder, {
        method: 'POST',
        path: '/chat.postMessage',
        body: JSON.stringify({ trial }),
      }).then((answer) => {
        answeredAt = Date.now();
        return answer;
      });
      const post = await postedTo(setup.channel);
      // past the holder's first look, so only a wake (or the 2 s look) can end the wait
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sentAt = Date.now();
      const answered = how.startsWith('POST')
        ? await answerApproval(
            other.baseUrl,
            setup.worker.org,
            setup.target,
            approvalIdOf(post),
            option,
            APPROVER,
          )
        : await clickButton(other.baseUrl, setup.target, post, option, APPROVER);
      expect(answered.status).toBeLessThan(300);
      const answer = await held;
      latencies.push(answeredAt - sentAt);
      if (option === 'Approve') {
        expect(answer.status).toBe(200);
        expect(upstream.count).toBe(1);
      } else {
        expect(answer.body.error.code).toBe('SECRET_PROXY.DENIED');
        expect(upstream.count).toBe(0);
      }
    }
    console.log(`[approval wake across processes] ${how} ${option}: ${latencies.join(', ')} ms`);
    // the holder's own look would come 1.8 s after the answer: a median well under it is the wake
    expect([...latencies].sort((a, b) => a - b)[1]).toBeLessThan(1_000);
  });
});
