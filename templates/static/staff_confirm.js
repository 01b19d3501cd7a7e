// staff_confirm.js: asks once more before a back-office decision is sent. Every form with
// class "confirm-decision" shows its data-confirm text in a confirm() dialog; 取消 keeps the
// page as it is. The server does not rely on it: the form's required "已核对" box is checked
// again there.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form.confirm-decision[data-confirm]');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
})();
