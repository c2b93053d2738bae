module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'input-limits',
  rootDir: __dirname,
};
