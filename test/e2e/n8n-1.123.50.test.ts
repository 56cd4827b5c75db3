// n8n 1.123.50 on the system Node 20: the newest 1.x that runs on Node 20.
import { describeRealN8n } from './realN8nSuite';

describeRealN8n('1.123.50');
