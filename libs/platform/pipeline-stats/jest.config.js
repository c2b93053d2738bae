module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-pipeline-stats',
  rootDir: __dirname,
};
