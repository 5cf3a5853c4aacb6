import { connectorContract } from '../../tests/connector-contract.js';
connectorContract('party-organization');
