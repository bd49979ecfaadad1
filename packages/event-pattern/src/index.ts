// CONTRACT (to be implemented): see docs/contracts.md
export {};
