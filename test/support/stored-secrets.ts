import { ENCRYPTED_COLUMNS, secretAt } from '../../src/shared/encrypted-columns';
import { Keyring } from '../../src/shared/keyring';
import { TEST_ENCRYPTION_KEYS } from './app';

const keyring = new Keyring(TEST_ENCRYPTION_KEYS);

/** Opens a ciphertext read from the test database, bound to the row it was read from. */
export function openStored(
  sealed: string,
  column: keyof typeof ENCRYPTED_COLUMNS,
  rowId: string,
  keys: string = TEST_ENCRYPTION_KEYS,
): string {
  const opener = keys === TEST_ENCRYPTION_KEYS ? keyring : new Keyring(keys);
  return opener.decrypt(sealed, secretAt(ENCRYPTED_COLUMNS[column], rowId));
}
