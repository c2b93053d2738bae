module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-clickhouse',
  rootDir: __dirname,
};
