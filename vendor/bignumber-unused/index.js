// See package.json: json-bigint's stringify asks every value whether it is a BigNumber; none is.
class BigNumber {
  constructor() {
    throw new Error('bignumber.js is only a stand-in in this action: no code path should reach it');
  }

  static isBigNumber() {
    return false;
  }
}

module.exports = BigNumber;
module.exports.default = BigNumber;
module.exports.BigNumber = BigNumber;
