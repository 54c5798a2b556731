# frozen_string_literal: true

# A minimal Rails app on Debian's Doorkeeper, configured as iNaturalist's public
# config/initializers/doorkeeper.rb, for inat-auth's conformance tests (see README.md).
# Run: ruby server.rb <data dir>. It prints "listening on http://127.0.0.1:<port>" once it serves.

ENV["RAILS_ENV"] ||= "production"
DATA_DIR = File.expand_path(ARGV[0] || Dir.mktmpdir("conformance"))

require "tmpdir"
require "logger"
require "rails"
require "active_record/railtie"
require "action_controller/railtie"
require "doorkeeper"
require "jwt"
require "bcrypt"
require "puma"
require "puma/server"

ENV["DATABASE_URL"] = "sqlite3:#{File.join(DATA_DIR, 'conformance.sqlite3')}"

# The seeded apps and users; the Java tests know them by these values (ConformanceServer.java).
SEED = {
  apps: [
    { name: "Public app", uid: "conformance-public", secret: "public-app-secret-unused", confidential: false },
    { name: "Confidential app", uid: "conformance-confidential", secret: "confidential-app-secret-5b1c",
      confidential: true }
  ],
  # Doorkeeper (5.4+) ignores the port of a loopback redirect URI (RFC 8252): register http://127.0.0.1
  redirect_uri: "http://127.0.0.1\nurn:ietf:wg:oauth:2.0:oob",
  users: [
    { login: "alice", email: "alice@example.org", password: "p@ss w\u00f6rd+&=%\"'\\\u2713;#" },
    { login: "bob", email: "Bob@Example.org", password: "bob-password-1" },
    { login: "carol", email: "carol@example.org", password: "carol-password-1" },
    { login: "suspended_sam", email: "sam@example.org", password: "sam-password-1", suspended_for: 30 * 86_400 },
    { login: "unconfirmed_uma", email: "uma@example.org", password: "uma-password-1", confirmed: false },
    { login: "child_chris", email: "chris@example.org", password: "chris-password-1",
      child_without_permission: true }
  ]
}.freeze

# iNaturalist's JsonWebToken: HS512, a payload of user_id, oauth_application_id and exp (24 h).
module JsonWebToken
  SECRET = "conformance-jwt-secret"

  def self.encode(payload)
    JWT.encode(payload.merge(exp: 24.hours.from_now.to_i), SECRET, "HS512")
  end

  def self.decode(token)
    JWT.decode(token, SECRET, true, algorithm: "HS512").first
  rescue JWT::DecodeError
    nil
  end
end

# iNaturalist's INat::Auth errors, raised by resource_owner_from_credentials.
module INat
  module Auth
    class BadUsernamePasswordError < StandardError; end
    class ChildWithoutPermissionError < StandardError; end
    class UnconfirmedError < StandardError; end
    class SuspendedError < StandardError; end
  end
end

class ConformanceApp < Rails::Application
  config.root = DATA_DIR
  config.eager_load = false
  config.secret_key_base = "conformance-secret-key-base-" * 4
  config.logger = Logger.new($stderr, level: Logger::WARN)
  config.log_level = :warn
  config.hosts.clear
  config.consider_all_requests_local = true
  config.active_support.deprecation = :silence
  config.paths["config/database"] = File.join(DATA_DIR, "database.yml")
end

File.write(File.join(DATA_DIR, "database.yml"),
           "production:\n  adapter: sqlite3\n  database: #{File.join(DATA_DIR, 'conformance.sqlite3')}\n  pool: 8\n")

Doorkeeper.configure do
  orm :active_record

  # iNaturalist: Devise's current_user; here a session from POST /session (the test plays the browser)
  resource_owner_authenticator do
    User.find_by(id: session[:user_id]) || redirect_to("/session/new?return_to=#{CGI.escape(request.fullpath)}")
  end

  # as iNaturalist's: login or email, then password, suspension, parental permission (and confirmation)
  resource_owner_from_credentials do
    username = params[:login] || params[:email] || params[:username]
    if username && params[:password]
      user = User.find_for_authentication(username)
      raise INat::Auth::BadUsernamePasswordError unless user&.authenticate(params[:password])
      raise INat::Auth::SuspendedError if user.suspended?
      raise INat::Auth::ChildWithoutPermissionError if user.child_without_permission?
      raise INat::Auth::UnconfirmedError unless user.confirmed?

      user
    end
  end

  access_token_expires_in nil
  enable_application_owner confirmation: false
  default_scopes :write, :login
  access_token_methods :from_bearer_authorization
  grant_flows %w[authorization_code client_credentials password]
  force_ssl_in_redirect_uri false
end

ConformanceApp.initialize!

ActiveRecord::Migration.verbose = false
ActiveRecord::Schema.define do
  create_table :users, force: true do |t|
    t.string :login, null: false
    t.string :email, null: false
    t.string :password_digest, null: false
    t.datetime :suspended_until
    t.boolean :confirmed, null: false, default: true
    t.boolean :child_without_permission, null: false, default: false
  end

  create_table :oauth_applications, force: true do |t|
    t.string :name, null: false
    t.string :uid, null: false, index: { unique: true }
    t.string :secret, null: false
    t.text :redirect_uri, null: false
    t.string :scopes, null: false, default: ""
    t.boolean :confidential, null: false, default: true
    t.references :owner, polymorphic: true
    t.timestamps null: false
  end

  create_table :oauth_access_grants, force: true do |t|
    t.references :resource_owner, null: false
    t.references :application, null: false
    t.string :token, null: false, index: { unique: true }
    t.integer :expires_in, null: false
    t.text :redirect_uri, null: false
    t.datetime :created_at, null: false
    t.datetime :revoked_at
    t.string :scopes, null: false, default: ""
    t.string :code_challenge
    t.string :code_challenge_method
  end

  create_table :oauth_access_tokens, force: true do |t|
    t.references :resource_owner, index: true
    t.references :application, null: false
    t.string :token, null: false, index: { unique: true }
    t.string :refresh_token, index: { unique: true }
    t.integer :expires_in
    t.datetime :revoked_at
    t.datetime :created_at, null: false
    t.string :scopes
    t.string :previous_refresh_token, null: false, default: ""
  end
end

class User < ActiveRecord::Base
  has_secure_password

  # iNaturalist's find_for_authentication: login or email, case-insensitively
  def self.find_for_authentication(username)
    u = username.to_s.downcase
    where("lower(login) = ? OR lower(email) = ?", u, u).first
  end

  def suspended?
    suspended_until.present? && suspended_until > Time.now
  end
end

SEED[:apps].each do |a|
  Doorkeeper::Application.create!(a.merge(redirect_uri: SEED[:redirect_uri], scopes: "write login"))
end
SEED[:users].each do |u|
  suspended_for = u[:suspended_for]
  User.create!(u.except(:suspended_for).merge(suspended_until: suspended_for && Time.now + suspended_for))
end

# iNaturalist's OauthTokensController#create: its own answers to its auth errors, all 400 invalid_grant
# with a description that says which (a suspended account's answer carries no suspended_until).
class OauthTokensController < Doorkeeper::TokensController
  def create
    super
    user = User.find_by(id: authorize_response.try(:token).try(:resource_owner_id))
    # a suspended user might have a valid access token
    raise INat::Auth::SuspendedError if user&.suspended?
  rescue INat::Auth::BadUsernamePasswordError
    invalid_grant("Invalid email or password.")
  rescue INat::Auth::SuspendedError
    invalid_grant("This user has been suspended")
  rescue INat::Auth::ChildWithoutPermissionError
    invalid_grant("Please ask your parents for permission to use iNaturalist.")
  rescue INat::Auth::UnconfirmedError
    invalid_grant("You have to confirm your email address before continuing.")
  end

  private

  def invalid_grant(description)
    headers.delete "WWW-Authenticate"
    self.status = 400 # as iNaturalist's: JSON under Rails' default content type (text/html)
    self.response_body = { error: "invalid_grant", error_description: description }.to_json
  end
end

# Not iNaturalist's: the tests' view of the server's side. A user's OAuth tokens (all, and those not
# revoked); revoking them all, as iNaturalist does on a password change or a suspension; a personal API
# token (JWT) that ends in expires_in seconds, as if issued a while ago.
class ConformanceAdminController < ActionController::Base
  def tokens
    tokens = Doorkeeper::AccessToken.where(resource_owner_id: user.id)
    render json: { total: tokens.count, live: tokens.where(revoked_at: nil).count }
  end

  def revoke_tokens
    Doorkeeper::AccessToken.where(resource_owner_id: user.id, revoked_at: nil).find_each(&:revoke)
    head :no_content
  end

  def api_token
    app = Doorkeeper::Application.find_by!(uid: params[:app])
    payload = { user_id: user.id, oauth_application_id: app.id, exp: Time.now.to_i + Integer(params[:expires_in]) }
    render json: { api_token: JWT.encode(payload, JsonWebToken::SECRET, "HS512") }
  end

  private

  def user
    User.find_by!(login: params[:login])
  end
end

# Sign-in for the authorize page (iNaturalist: Devise's session).
class SessionsController < ActionController::Base
  def new
    render html: ERB::Util.html_escape("Sign in: POST login, password, return_to to /session")
  end

  def create
    user = User.find_for_authentication(params[:login])
    return head :unauthorized unless user&.authenticate(params[:password])

    session[:user_id] = user.id
    redirect_to(params[:return_to].presence || "/")
  end
end

# iNaturalist's UsersController#api_token: a JWT for an OAuth token with the write scope, or for a JWT
# (Devise's JWT strategy signs the user in with one).
class UsersController < ActionController::Base
  before_action -> { doorkeeper_authorize! :write }, unless: :jwt_user

  def api_token
    user_id = jwt_user ? jwt_user["user_id"] : doorkeeper_token.resource_owner_id
    app_id = jwt_user ? jwt_user["oauth_application_id"] : doorkeeper_token.application_id
    render json: { api_token: JsonWebToken.encode(user_id: user_id, oauth_application_id: app_id) }
  end

  private

  def jwt_user
    return @jwt_user if defined?(@jwt_user)

    header = request.authorization.to_s.sub(/\ABearer\s+/i, "")
    payload = header.count(".") == 2 ? JsonWebToken.decode(header) : nil
    @jwt_user = payload && User.exists?(payload["user_id"]) ? payload : nil
  end
end

# The Node API's GET /v1/users/me: a JWT or an OAuth access token, with or without "Bearer ".
class ApiUsersController < ActionController::Base
  def me
    credential = request.authorization.to_s.sub(/\ABearer\s+/i, "")
    user_id = JsonWebToken.decode(credential)&.fetch("user_id", nil)
    user_id ||= Doorkeeper::AccessToken.by_token(credential)&.then { |t| t.accessible? ? t.resource_owner_id : nil }
    user = user_id && User.find_by(id: user_id)
    return render(status: :unauthorized, json: { error: "Unauthorized", status: 401 }) unless user

    render json: { total_results: 1, page: 1, per_page: 1, results: [{ id: user.id, login: user.login }] }
  end
end

Rails.application.routes.draw do
  use_doorkeeper do
    controllers tokens: "oauth_tokens"
  end
  get "/session/new", to: "sessions#new"
  post "/session", to: "sessions#create"
  get "/users/api_token", to: "users#api_token"
  get "/v1/users/me", to: "api_users#me"
  get "/conformance/users/:login/tokens", to: "conformance_admin#tokens"
  post "/conformance/users/:login/revoke_tokens", to: "conformance_admin#revoke_tokens"
  post "/conformance/users/:login/api_token", to: "conformance_admin#api_token"
end

server = Puma::Server.new(Rails.application, Puma::Events.strings, min_threads: 0, max_threads: 8)
listener = server.add_tcp_listener("127.0.0.1", 0)
%w[TERM INT].each { |signal| trap(signal) { server.stop } }
$stdout.puts "listening on http://127.0.0.1:#{listener.addr[1]}"
$stdout.flush
server.run.join
