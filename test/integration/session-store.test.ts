import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { openStorage, type Storage } from '../../bot/storage/open-storage.js';
import { sessionKeys } from '../../bot/sessions/session-store.js';

const thread = sessionKeys.thread('T0SANDBOX', 'C01GENERAL', '1700000000.000100');

describe('the DynamoDB session store on embedded dynalite', () => {
  let dataDir: string;
  let opened: Storage | undefined;
  const open = async () => (opened = await openStorage(readEnv(storageEnvSchema, { CIA_DATA_DIR: dataDir }), { embedded: true }));

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cia-sessions-'));
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('maps a thread to one session, however many deliveries race to open it', async () => {
    const { sessions } = await open();
    const opens = await Promise.all(Array.from({ length: 8 }, () => sessions.open({ key: thread, user_id: 'U01ALICE', title: 'who stopped instances?' })));
    expect(new Set(opens.map((s) => s.session_id)).size).toBe(1);
    expect(await sessions.get(thread)).toMatchObject({ session_id: opens[0]!.session_id, question_count: 0 });
  });

  it('counts questions, lists a user\'s sessions newest first, and deletes only the owner\'s', async () => {
    const { sessions } = await open();
    const first = await sessions.open({ key: thread, user_id: 'U01ALICE', title: 'first' });
    const second = await sessions.open({ key: sessionKeys.cli('U01ALICE', 'triage'), user_id: 'U01ALICE', title: 'second' });
    await sessions.open({ key: sessionKeys.cli('U02BOB', 'triage'), user_id: 'U02BOB', title: 'bob' });
    await new Promise((r) => setTimeout(r, 5));
    expect((await sessions.recordQuestion(thread)).question_count).toBe(1);
    expect((await sessions.recordQuestion(thread)).question_count).toBe(2);

    expect((await sessions.listForUser('U01ALICE', 10)).map((s) => s.title)).toEqual(['first', 'second']);
    expect(await sessions.deleteForUser('U02BOB', first.session_id)).toBe(false);
    expect(await sessions.deleteForUser('U01ALICE', second.session_id)).toBe(true);
    expect((await sessions.listForUser('U01ALICE', 10)).map((s) => s.title)).toEqual(['first']);
  });

  it('starts a fresh session when asked, with a new id', async () => {
    const { sessions } = await open();
    const old = await sessions.open({ key: thread, user_id: 'U01ALICE', title: 'old' });
    const fresh = await sessions.open({ key: thread, user_id: 'U01ALICE', title: 'new' }, { fresh: true });
    expect(fresh.session_id).not.toBe(old.session_id);
    expect((await sessions.get(thread))!.title).toBe('new');
  });

  it('keeps sessions across a restart (persisted under CIA_DATA_DIR)', async () => {
    const created = await (await open()).sessions.open({ key: thread, user_id: 'U01ALICE', title: 'kept' });
    await opened!.close();
    const { sessions } = await open();
    expect(await sessions.get(thread)).toMatchObject({ session_id: created.session_id, title: 'kept' });
  });
});
