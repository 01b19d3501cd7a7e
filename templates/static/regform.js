// regform.js: the live 汉字 count under 自我鉴定 on 毕业申请个人简历填写. It counts what the
// server counts (common/domain/registration_form.cpp han_count): CJK unified ideographs and
// their extensions, not punctuation, letters or digits. The page works without it; the server
// checks again.
(function () {
  'use strict';
  var area = document.getElementById('self_evaluation');
  var shown = document.querySelector('#self-evaluation-count .han-count');
  if (!area || !shown) return;
  var han = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]|[\uD840-\uD884][\uDC00-\uDFFF]/g;
  function update() {
    var found = area.value.match(han);
    shown.textContent = String(found ? found.length : 0);
  }
  area.addEventListener('input', update);
  update();
})();
