export * from './screen-alert';
