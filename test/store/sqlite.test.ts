import { sqliteFileBackend, sqliteMemoryBackend } from './backends';
import { describeOutboxContract } from './outbox-contract';
import { describeStoreContract } from './store-contract';

describeStoreContract(sqliteMemoryBackend);
describeStoreContract(sqliteFileBackend());
describeOutboxContract(sqliteMemoryBackend);
describeOutboxContract(sqliteFileBackend());
