import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planSync } from '../../../src/server/user-sync/plan.js';
import { emptyState } from '../../../src/server/user-sync/state.js';
import { UserInputError, usersFromCsv, usersFromJson } from '../../../src/server/user-sync/users.js';

const HEADER = 'loginid,username,usertype,mediadetails,password';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const stateOf = (text: string) => {
  const state = emptyState();
  for (const user of usersFromCsv(text).users) state.users[user.loginid] = user.fingerprint;
  return state;
};
const actions = (plan: ReturnType<typeof planSync>) => plan.entries.map((entry) => `${entry.action} ${entry.loginid}`);

describe('user sync plan: what must never be deleted', () => {
  test('a login whose case changed in the CRM is the same Jodo user: edited or left alone, never added and deleted', () => {
    const state = stateOf(csv('Asha@crm.example,Asha,User,Voice In,pw1', 'ravi@crm.example,Ravi,User,Voice In,pw2'));
    const plan = planSync(usersFromCsv(csv('asha@crm.example,Asha,User,Voice In,pw1', 'RAVI@crm.example,Ravi K,User,Voice In,pw2')), state);
    // (The new spelling is sent once, as an edit.)
    assert.deepEqual(actions(plan), ['edit asha@crm.example', 'edit RAVI@crm.example']);
  });

  test('while a bad row has no login that can be read, users gone from the list are held, not deleted', () => {
    const state = stateOf(csv('a@crm.example,A,User,Voice In,pw', 'b@crm.example,B,User,Voice In,pw'));
    const list = usersFromCsv(csv('a@crm.example,A,User,Voice In,pw', 'not-an-email,B,User,Voice In,pw'));
    const plan = planSync(list, state);
    assert.deepEqual(actions(plan), ['unchanged a@crm.example']);
    assert.deepEqual(plan.deletesHeld, ['b@crm.example']);
    // With every row readable, the same user gone is deleted.
    assert.deepEqual(actions(planSync(usersFromCsv(csv('a@crm.example,A,User,Voice In,pw')), state)), ['unchanged a@crm.example', 'delete b@crm.example']);
  });

  test('an unclosed quote makes the whole file unreadable instead of swallowing (and deleting) the users after it', () => {
    const text = csv('a@crm.example,"Asha,User,Voice In,pw', ...Array.from({ length: 20 }, (_, i) => `u${i}@crm.example,U,User,Voice In,pw`));
    assert.throws(() => usersFromCsv(text), (error: unknown) => error instanceof UserInputError && /row 2 is never closed/.test(error.message));
  });

  test('rows of empty cells, as spreadsheets export them, are blank lines, not bad rows', () => {
    const list = usersFromCsv(csv('a@crm.example,A,User,Voice In,pw', ',,,,', ' , ,,,'));
    assert.equal(list.users.length, 1);
    assert.deepEqual(list.invalid, []);
  });

  test('an unreadable file never repeats its content (a password) in the error', () => {
    assert.throws(() => usersFromJson('[{"loginid":"a@x.com","password":Hunter2sec}]'), (error: unknown) => error instanceof UserInputError && !/Hunter2sec/.test(error.message) && /not valid JSON/.test(error.message));
    // A CSV without its header: the first user is taken for the header, and not printed.
    assert.throws(
      () => usersFromCsv('a@crm.example,Asha,User,Voice In,Hunter2sec\nb@crm.example,B,User,Voice In,pw'),
      (error: unknown) => error instanceof UserInputError && !/Hunter2sec|a@crm\.example/.test(error.message) && /is the header missing/.test(error.message),
    );
  });
});
