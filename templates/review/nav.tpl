{{%AUTOESCAPE context="HTML"}}{{>NAV}}
