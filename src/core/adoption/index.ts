export * from './adoption-model.ts';
