// english.js: the live "当前勾选合计 N 学分" on 添加顶替英语二课程: the credits of the ticked
// courses (each checkbox's data-credits), updated as boxes are ticked. The page works
// without it; the server adds the credits up again when the set is saved.
(function () {
  'use strict';
  var shown = document.querySelector('#english-total .credits');
  var boxes = document.querySelectorAll('input[type="checkbox"][name="course"]');
  if (!shown || !boxes.length) return;
  function update() {
    var total = 0;
    for (var i = 0; i < boxes.length; i++)
      if (boxes[i].checked) total += parseInt(boxes[i].getAttribute('data-credits'), 10) || 0;
    shown.textContent = String(total);
  }
  for (var i = 0; i < boxes.length; i++) boxes[i].addEventListener('change', update);
  update();
})();
