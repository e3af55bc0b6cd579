'use strict';
// See package.json: required eagerly by the SDK, constructed only for multipart uploads.
class FormData {
  constructor() {
    throw new Error('form-data is not bundled with this action: no API it calls uploads files');
  }
}
module.exports = FormData;
module.exports.default = FormData;
