{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>身份验证结果</h1>
  {{>STEPS}}
  {{#PASSED}}<p class="status-line ok" role="status">身份验证通过。</p><p>请使用身份证号（或准考证号）和设置的密码登录。</p>{{/PASSED}}
  {{#PASSED_RESET}}<p class="status-line ok" role="status">身份验证通过，新密码已生效。</p><p>其他设备上的登录已全部退出，请使用新密码登录。</p>{{/PASSED_RESET}}
  {{#MANUAL}}<p class="status-line wait" role="status">已提交报名点人工审核。</p><p>{{REASON}}</p><p>审核结果可登录后在“身份认证”页面查看；审核通过后即可办理各项业务。</p>{{/MANUAL}}
  {{#MANUAL_RESET}}<p class="status-line wait" role="status">已提交报名点人工审核。</p><p>{{REASON}}</p><p>审核通过后新密码生效；在此之前原密码仍然有效。</p><p>系统已向该账号登记的手机号和电子邮箱发送通知；账号本人可通过通知中的链接取消本次申请，用原密码登录也会自动取消。</p>{{/MANUAL_RESET}}
  {{#FAILED}}<p class="status-line bad" role="status">身份验证未通过。</p><p>原因：{{REASON}}</p><p>请登录后在“身份认证”页面重新上传照片，或到所属报名点进行人工审核。</p>{{/FAILED}}
  {{#FAILED_RESET}}<p class="status-line bad" role="status">身份验证未通过，密码未修改。</p><p>原因：{{REASON}}</p><p>请重新认证，或到所属报名点进行人工审核。</p>{{/FAILED_RESET}}
  <p class="hint">需要人工审核或有疑问时：<a href="/contacts">各区县自考部门（报名点）地址及联系方式</a></p>
  <p class="actions"><a class="button primary" href="/login">考生登录</a></p>
</section>
