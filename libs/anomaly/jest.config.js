module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'anomaly',
  rootDir: __dirname,
};
