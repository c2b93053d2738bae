module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'intel',
  rootDir: __dirname,
};
