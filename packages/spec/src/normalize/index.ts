export { argumentName, isIdentifierName } from './argument-name.js';
export { type NormalizeCommunityResult, normalizeCommunity } from './normalize-community.js';
