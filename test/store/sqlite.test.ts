import { sqliteFileBackend, sqliteMemoryBackend } from './backends';
import { describeStoreContract } from './store-contract';

describeStoreContract(sqliteMemoryBackend);
describeStoreContract(sqliteFileBackend());
