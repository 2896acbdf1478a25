import { sqliteFileBackend, sqliteMemoryBackend } from './backends';
import { describeHomeQueriesContract } from './home-queries-contract';
import { describeOutboxContract } from './outbox-contract';
import { describeStoreContract } from './store-contract';

describeStoreContract(sqliteMemoryBackend);
describeStoreContract(sqliteFileBackend());
describeOutboxContract(sqliteMemoryBackend);
describeOutboxContract(sqliteFileBackend());
describeHomeQueriesContract(sqliteMemoryBackend);
describeHomeQueriesContract(sqliteFileBackend());
