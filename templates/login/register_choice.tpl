{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>考生注册</h1>
  <p>毕业申请的考生请选择“我是在籍考生”。注册要求如下：</p>
  <div class="choice">
    <section class="panel">
      <h2>我是新考生</h2>
      <p>我是新考生，首次参加自学考试，需要完成考生信息注册，并且上传“三照”完成考生身份认证，认证通过后考生可登录系统进行自学考试各项业务申请。</p>
      <p>“三照”是指：</p>
      <ol>
        <li>考生免冠彩色证件照（蓝底、白底、白灰底）</li>
        <li>考生身份证照片（人像面）</li>
        <li>考生手持身份证照（半身）</li>
      </ol>
      <p>三张照片要求必须为同一人，照片文件小于2M，并且确保照片清晰。</p>
      <ol class="steps" aria-label="新考生注册步骤">
        <li class="step todo"><span class="step-no">1</span><span class="step-title">填写个人信息 设置登录密码</span></li>
        <li class="step todo"><span class="step-no">2</span><span class="step-title">上传“三照” 进行身份验证</span></li>
        <li class="step todo"><span class="step-no">3</span><span class="step-title">验证通过</span></li>
        <li class="step todo"><span class="step-no">4</span><span class="step-title">考生登录</span></li>
      </ol>
      <p class="actions"><a class="button primary" href="/register/new">我是新生，点击开始注册</a></p>
    </section>
    <section class="panel">
      <h2>我是在籍考生</h2>
      <p>我是在籍考生，已经获得自考准考证号，但是未设置系统登录密码的，需要上传“两照”完成考生身份认证，认证通过后可以设置登录密码，密码设置成功后可以顺利登录系统。</p>
      <p>“两照”是指：</p>
      <ol>
        <li>考生身份证照片（人像面）</li>
        <li>考生手持身份证照（半身）</li>
      </ol>
      <p>两张照片要求必须为同一人，照片文件小于2M，并且确保照片清晰。</p>
      <ol class="steps" aria-label="在籍考生认证步骤">
        <li class="step todo"><span class="step-no">1</span><span class="step-title">通过身份证、姓名验证</span></li>
        <li class="step todo"><span class="step-no">2</span><span class="step-title">设置登录密码</span></li>
        <li class="step todo"><span class="step-no">3</span><span class="step-title">上传“两照” 进行身份验证</span></li>
        <li class="step todo"><span class="step-no">4</span><span class="step-title">验证通过 考生登录</span></li>
      </ol>
      <p class="actions"><a class="button primary" href="/register/enrolled">我是在籍考生，点击完成认证</a></p>
      <p class="hint">已有密码但忘记了？同样从这里通过“两照”认证后重新设置密码。</p>
    </section>
  </div>
  <p class="hint">说明：如果考生一直无法完成系统线上认证，可到所属的报名点进行人工审核。具体报名点联系方式：<a href="/contacts">山西省各区县自考部门地址及联系方式</a></p>
  <p><a href="/login">返回登录</a></p>
</section>
