// confirm.js: 提交 on 毕业申请信息确认页 is final, so the browser asks once more before the form
// goes (the text is the form's data-confirm). Without the script the page still works: the
// server requires the "我已确认…" box to be ticked.
(function () {
  'use strict';
  var form = document.getElementById('submit-form');
  if (!form) return;
  form.addEventListener('submit', function (event) {
    if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
  });
})();
