import { connectorContract } from '../../tests/connector-contract.js';
connectorContract('zones');
