import { parseCli, runCli } from '../../../src/sandbox/slack/cli';
import { webClient } from './web-client';

describe('emulator command line', () => {
  test('when no flags or PORT are given, then it listens on 4020 without history lag', () => {
    expect(parseCli([], {})).toEqual({
      port: 4020,
      historyLagMs: 0,
      faults: [],
      revokedScopes: [],
      botRemovedFrom: [],
    });
  });

  test('when PORT is set, then it listens there; when --port is given too, then --port wins', () => {
    expect(parseCli([], { PORT: '5001' }).port).toBe(5001);
    expect(parseCli(['--port', '5002'], { PORT: '5001' }).port).toBe(5002);
  });

  test('when --history-lag is given, then it is read in milliseconds', () => {
    expect(parseCli(['--history-lag', '1500'], {})).toMatchObject({
      port: 4020,
      historyLagMs: 1500,
      faults: [],
    });
  });

  test('when per-method faults are given, then each is read with its count, once by default, and may repeat', () => {
    const argv = [
      '--lose-answer-next',
      'chat.postMessage:2',
      '--hang-next',
      'chat.update',
      '--fail-next',
      'views.open:3',
    ];
    expect(parseCli([...argv, '--hang-next', 'response_url'], {}).faults).toEqual([
      { fault: 'hangNext', method: 'chat.update', count: 1 },
      { fault: 'hangNext', method: 'response_url', count: 1 },
      { fault: 'loseAnswerNext', method: 'chat.postMessage', count: 2 },
      { fault: 'failNext', method: 'views.open', count: 3 },
    ]);
    expect(() => parseCli(['--hang-next', 'chat.postMessage:x'], {})).toThrow(
      /--hang-next takes METHOD or METHOD:N/,
    );
  });

  test('when started with a lost-answer fault, then the next post is made and its answer is lost', async () => {
    const emulator = await runCli(
      parseCli(['--lose-answer-next', 'chat.postMessage'], { PORT: '0' }),
      () => undefined,
    );
    try {
      const client = webClient(emulator.apiUrl, emulator.botToken);
      await expect(
        client.chat.postMessage({ channel: 'CGENERAL', text: 'posted, answer lost' }),
      ).rejects.toThrow();
      expect(emulator.messages('CGENERAL').map((m) => m.text)).toEqual(['posted, answer lost']);
    } finally {
      await emulator.close();
    }
  });

  test.each([
    [['--history-lag', 'slow'], {}, /--history-lag must be a non-negative integer/],
    [['--port', 'any'], {}, /--port must be a non-negative integer/],
    [[], { PORT: 'eighty' }, /^PORT must be a non-negative integer/],
    [['--explode'], {}, /Unknown option '--explode'/],
  ])('when %j with %j is given, then it refuses with a usage message', (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(message);
  });

  test('when started, then it prints the API URL, both tokens and the control URL, and applies the lag', async () => {
    const lines: string[] = [];
    const emulator = await runCli(parseCli(['--history-lag', '60000'], { PORT: '0' }), (line) =>
      lines.push(line),
    );
    try {
      const printed = lines.join('\n');
      expect(printed).toContain(`SLACK_API_URL=${emulator.apiUrl}`);
      expect(printed).toContain('SLACK_BOT_TOKEN=xoxb-emulator-token');
      expect(printed).toContain('SLACK_APP_TOKEN=xapp-1-emulator');
      expect(printed).toContain(`POST ${emulator.url}/__emulator/faults`);
      const client = webClient(emulator.apiUrl, emulator.botToken);
      await client.chat.postMessage({ channel: 'CGENERAL', text: 'too fresh to read' });
      expect((await client.conversations.history({ channel: 'CGENERAL' })).messages).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
